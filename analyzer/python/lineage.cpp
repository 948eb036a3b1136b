// Lineages (mro.h): what the settings reads need of a class's MRO -- its classes, the first
// declaration of each field, the first setting of each option -- worked out from its bases'
// lineages without building the MRO.
//
// Why the order is seldom needed: C3 keeps the order of every base's MRO (monotonicity). So the
// first declaration of a field in the class's MRO is the first declaration in one of its bases'
// MROs, and of two such candidates X (first in base A's MRO) and Y (first in base B's):
//   - if Y is in A's MRO, X comes before Y there, hence in the class's MRO: X wins;
//   - if X is in B's MRO, Y wins;
//   - if A is the first base and every class A's MRO shares with another base's is a base of X
//     (not X itself), X wins: C3 takes A's MRO from its start for as long as its head is in no
//     other sequence, and everything of A's MRO up to X is in none (what another MRO shares
//     with A's comes after X, as X's bases do). The usual case: `class S2(S1, Mixin2)`, where
//     the only class shared is pydantic's `BaseModel`;
//   - else the class's MRO (Linearizer::mro) decides, by position.
// Options are the same with "sets it" for "declares it". pydantic's own classes and classes
// from outside the tree declare no field and set no option.
//
// Each lineage starts as a copy of one base's (its settings base, else its largest) and adds the
// other bases' entries to it; maps are persistent (analyzer/core/persistent_map.h), so the copy
// is free and a class costs its other bases' entries, not its whole MRO.
#include <optional>
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

void Linearizer::merge_lineages(Lineage& lin, const Value& cls, int depth, const std::vector<const Lineage*>& bases,
                                size_t start) {
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
  // The classes of the first base's MRO that another base's MRO also holds (worked out once).
  std::optional<std::vector<int>> shared;
  auto leads = [&](int x) {  // does x, of the first base's MRO, come before every other base's?
    if (!shared) {
      shared.emplace();
      for (size_t j = 1; j < bases.size(); ++j)
        member_sets_.for_each(bases[j]->members, [&](int z, char) {
          if (in_mro(*bases[0], z)) shared->push_back(z);
        });
    }
    auto it = by_id_.find(x);
    if (it == by_id_.end()) return false;
    for (int z : *shared)
      if (z == x || !in_mro(*it->second, z)) return false;
    return true;
  };
  // The class's MRO positions, for what nothing else orders (worked out once).
  std::unordered_map<int, size_t> position;
  auto position_of = [&](int id) {
    if (position.empty()) {
      size_t k = 0;
      for (const MroNode* n = mro(cls, depth); n != nullptr; n = n->next.get()) position.try_emplace(n->id, k++);
    }
    auto it = position.find(id);
    return it == position.end() ? position.size() : it->second;
  };
  // Of X (first in bases[a]'s MRO) and Y (first in bases[b]'s): does X come first?
  auto x_first = [&](size_t a, int x, size_t b, int y) {
    bool x_ahead = in_mro(*bases[a], y), y_ahead = in_mro(*bases[b], x);
    if (x_ahead != y_ahead) return x_ahead;
    if (!x_ahead) {
      if (a == 0 && leads(x)) return true;
      if (b == 0 && leads(y)) return false;
    }
    return position_of(x) < position_of(y);
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
    field_maps_.for_each(b.fields, [&](int name, const FieldDecl& theirs) {
      const FieldDecl* held = field_maps_.find(lin.fields, name);
      if (held != nullptr) {
        if (held->decl == theirs.decl) return;
        auto from = field_from.find(name);
        if (x_first(from == field_from.end() ? start : from->second, held->decl, j, theirs.decl)) return;
      }
      lin.fields = field_maps_.set(lin.fields, name, theirs);
      field_from[name] = j;
      lin.fresh.push_back(name);
    });
    for (int k = 0; k < kSettingsOptions; ++k) {
      if (!b.options[k] || (lin.options[k] && lin.options[k]->setter == b.options[k]->setter)) continue;
      if (lin.options[k] && x_first(option_from[k], lin.options[k]->setter, j, b.options[k]->setter)) continue;
      lin.options[k] = b.options[k];
      option_from[k] = j;
    }
  }
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
  // Start from the largest settings base of the tree, else from the largest.
  size_t start = 0;
  bool tree_settings = false;
  for (size_t i = 0; i < bases.size(); ++i) {
    bool candidate = bases[i]->settings && of_tree[i];
    if ((candidate && !tree_settings) || (candidate == tree_settings && bases[i]->size > bases[start]->size)) start = i;
    tree_settings = tree_settings || candidate;
  }
  if (!bases.empty()) merge_lineages(lin, *self, depth, bases, start);
  add_class(lin, lin.id, self.get(), true);
  // The covers: the start base and every other settings base, when all have the class's options.
  if (tree_settings) {
    const SettingsOptions own = lin.settings_options();
    for (size_t i = 0; i < bases.size(); ++i) {
      if (!bases[i]->settings) continue;
      if (bases[i]->settings_options() != own) {
        lin.covers.clear();
        break;
      }
      lin.covers.push_back(bases[i]);
    }
  }
  by_id_.emplace(lin.id, &lin);
  return *lineages_.emplace(key, std::move(made)).first->second;
}

}  // namespace envdrift::py
