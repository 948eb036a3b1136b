// Lineages (mro.h): what the settings reads need of a class's MRO -- its classes, the first
// declaration of each field, the first setting of each option -- worked out from its bases'
// lineages without building the MRO.
//
// Why no order is needed: C3 keeps the order of every base's MRO (monotonicity). So the first
// declaration of a field in the class's MRO is the first declaration in one of its bases' MROs,
// and of two such candidates X (first in base A's MRO) and Y (first in base B's):
//   - if Y is in A's MRO, X comes before Y there, hence in the class's MRO: X wins;
//   - if X is in B's MRO, Y wins;
//   - else the order depends on how C3 interleaves A's and B's MROs: the lineage is then read
//     off the class's MRO (Linearizer::mro), which is exact.
// Options are the same with "sets it" for "declares it". pydantic's own classes and classes
// from outside the tree declare no field and set no option, so where C3 puts them (the usual
// reason one class's MRO is no base's MRO plus a few entries) never matters here.
//
// Each lineage starts as a copy of one base's (its settings base, else its largest) and adds the
// other bases' entries to it; maps are persistent (analyzer/core/persistent_map.h), so the copy
// is free and a class costs its other bases' entries, not its whole MRO.
#include <unordered_map>

#include "analyzer/python/mro.h"

namespace envdrift::py {

SettingsOptions Lineage::settings_options() const {
  auto value = [&](SettingsOption k) { return options[k] ? options[k]->value : std::string(); };
  return SettingsOptions{value(kEnvPrefix), value(kCaseSensitive) == "true", value(kNestedDelimiter)};
}

int Linearizer::field_id(const std::string& name) {
  auto [it, fresh] = field_ids_.try_emplace(name, static_cast<int>(field_names_.size()));
  if (fresh) field_names_.push_back(name);
  return it->second;
}

const Lineage& Linearizer::outside(const std::string& key) {
  auto [it, fresh] = lineages_.try_emplace(key);
  if (!fresh) return *it->second;
  it->second = std::make_unique<Lineage>();
  Lineage& lin = *it->second;
  lin.id = intern(key);
  lin.settings = key == "BaseSettings";
  lin.model = lin.settings || key == "BaseModel";
  if (lin.settings) add_class(lin, intern("BaseModel"), nullptr, false);  // BaseSettings(BaseModel)
  add_class(lin, lin.id, nullptr, false);
  return lin;
}

// The class `id` (its record `cls`, null from outside) in front of what `lin` holds: its fields
// and options win over those there. `fresh`: note the fields it sets.
void Linearizer::add_class(Lineage& lin, int id, const Value* cls, bool fresh) {
  if (member_sets_.find(lin.members, id) == nullptr) {
    lin.members = member_sets_.set(lin.members, id, 0);
    ++lin.size;
  }
  if (cls == nullptr) return;
  if (const Value* fields = meta_field(class_meta(*cls), "fields")) {
    // Last to first, so that the first declaration of a name in the class is the one kept.
    for (auto it = fields->fields.rbegin(); it != fields->fields.rend(); ++it) {
      int name = field_id(it->first);
      lin.fields = field_maps_.set(lin.fields, name, FieldDecl{id, &it->second});
      if (fresh) lin.fresh.push_back(name);
    }
  }
  OwnOptions own = own_options(cls);
  for (int k = 0; k < kSettingsOptions; ++k)
    if (own[k]) lin.options[k] = Lineage::Setting{*own[k], id};
}

bool Linearizer::merge_lineages(Lineage& lin, const std::vector<const Lineage*>& bases, size_t start) {
  const Lineage& first = *bases[start];
  lin.settings = first.settings;
  lin.model = first.model;
  lin.members = first.members;
  lin.size = first.size;
  lin.fields = first.fields;
  lin.options = first.options;
  // Which base's lineage gave the entry now held (`start` when not listed).
  std::unordered_map<int, size_t> field_from;
  std::array<size_t, kSettingsOptions> option_from;
  option_from.fill(start);
  // Of X (first in bases[a]) and Y (first in `b`): 1 when X comes first, -1 when Y does, 0 when
  // only the MRO can tell.
  auto which_first = [&](size_t a, int x, const Lineage& b, int y) {
    bool x_first = in_mro(*bases[a], y), y_first = in_mro(b, x);
    return x_first == y_first ? 0 : x_first ? 1 : -1;
  };
  for (size_t j = 0; j < bases.size(); ++j) {
    if (j == start) continue;
    const Lineage& b = *bases[j];
    lin.settings = lin.settings || b.settings;
    lin.model = lin.model || b.model;
    member_sets_.for_each(b.members, [&](int id, char) {
      if (member_sets_.find(lin.members, id) != nullptr) return;
      lin.members = member_sets_.set(lin.members, id, 0);
      ++lin.size;
    });
    bool known = true;
    field_maps_.for_each(b.fields, [&](int name, const FieldDecl& theirs) {
      const FieldDecl* held = field_maps_.find(lin.fields, name);
      if (held != nullptr) {
        if (held->decl == theirs.decl) return;
        auto from = field_from.find(name);
        int order = which_first(from == field_from.end() ? start : from->second, held->decl, b, theirs.decl);
        if (order == 0) known = false;
        if (order >= 0) return;
      }
      lin.fields = field_maps_.set(lin.fields, name, theirs);
      field_from[name] = j;
      lin.fresh.push_back(name);
    });
    for (int k = 0; k < kSettingsOptions; ++k) {
      if (!b.options[k] || (lin.options[k] && lin.options[k]->setter == b.options[k]->setter)) continue;
      if (lin.options[k]) {
        int order = which_first(option_from[k], lin.options[k]->setter, b, b.options[k]->setter);
        if (order == 0) known = false;
        if (order >= 0) continue;
      }
      lin.options[k] = b.options[k];
      option_from[k] = j;
    }
    if (!known) return false;
  }
  return true;
}

// The lineage read off the class's MRO: the part in front of the tail it shares with a base is
// added to that base's lineage (a chain stays linear), the rest is walked.
void Linearizer::lineage_of_mro(Lineage& lin, const MroNode* mro, int depth) {
  const MroNode* stop = mro->shared_tail && mro->shared_tail->entry.cls ? mro->shared_tail : nullptr;
  int id = lin.id;
  lin = stop ? lineage(*stop->entry.cls, depth + 1) : Lineage{};
  lin.id = id;
  lin.cover = nullptr;
  lin.fresh.clear();
  std::vector<const MroNode*> front;
  for (const MroNode* n = mro; n != nullptr && n != stop; n = n->next.get()) front.push_back(n);
  for (auto it = front.rbegin(); it != front.rend(); ++it) add_class(lin, (*it)->id, (*it)->entry.cls, false);
  lin.settings = mro->settings;
  lin.model = mro->model;
}

const Lineage& Linearizer::lineage(const Value& cls, int depth) {
  std::string key = cls.origin_file + ":" + std::to_string(cls.origin_line);
  if (auto it = lineages_.find(key); it != lineages_.end()) return *it->second;
  std::shared_ptr<const Value> self = cls.shared ? cls.shared : std::make_shared<const Value>(cls);
  alive_.push_back(self);
  auto made = std::make_unique<Lineage>();
  Lineage& lin = *made;
  lin.id = intern(key);
  std::vector<const Lineage*> bases;
  std::vector<bool> of_tree;
  const Value* listed = meta_field(class_meta(*self), "bases");
  if (listed != nullptr && depth <= kMaxBaseDepth)  // (the cap: hostile input only, as in mro())
    for (const Value& b : listed->items) {
      bool tree = b.type != Value::Type::Str && class_meta(b) != nullptr;
      if (tree) bases.push_back(&lineage(b, depth + 1));
      else bases.push_back(&outside(b.type == Value::Type::Str ? b.text : "?#" + std::to_string(unknown_++)));
      of_tree.push_back(tree);
    }
  // Start from the one settings base (of the tree), else from the largest.
  size_t start = 0, settings_bases = 0;
  int cover = -1;
  for (size_t i = 0; i < bases.size(); ++i) {
    if (bases[i]->settings) {
      ++settings_bases;
      if (of_tree[i]) cover = static_cast<int>(i);
    }
    if (bases[i]->size > bases[start]->size) start = i;
  }
  if (settings_bases != 1) cover = -1;
  if (cover >= 0) start = static_cast<size_t>(cover);
  if (!bases.empty() && !merge_lineages(lin, bases, start)) {
    lineage_of_mro(lin, mro(*self, depth), depth);
  } else {
    add_class(lin, lin.id, self.get(), true);
    bool others_set_none = true;
    for (size_t i = 0; i < bases.size(); ++i)
      for (const auto& o : bases[i]->options) others_set_none = others_set_none && (i == start || !o);
    if (cover >= 0 && others_set_none && lin.settings_options() == bases[start]->settings_options())
      lin.cover = bases[start];
  }
  return *lineages_.emplace(key, std::move(made)).first->second;
}

}  // namespace envdrift::py
