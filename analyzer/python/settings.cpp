// pydantic settings classes (v1 and v2), assembled from bases across modules.
//
// A class is a settings class when `BaseSettings` is in its MRO (through any chain of bases of
// the tree). Then every field of every class of its MRO (settings bases, `BaseModel` mixins,
// plain classes) is an env var, resolved in C3 MRO order: the first class of the MRO that
// declares a field defines it, and the read is reported at that declaration (file:line:col),
// with its default (`= v`, `Field(v)`, `Field(default=v)`, `Field(default_factory=f)` computed).
// The name is `env_prefix + FIELD` (upper-cased unless `case_sensitive`), or the field's
// `validation_alias` / `alias` / `AliasChoices(...)` / v1 `Field(env=...)` names (no prefix).
// Options (`env_prefix`, `case_sensitive`, `env_nested_delimiter`) come from `class Config:` or
// `model_config = SettingsConfigDict(...)` of the first class of the MRO that sets each.
// A field typed as a `BaseModel` of the tree is one var named after the field (parsed as JSON),
// or with `env_nested_delimiter` one var per field of that model (`DB__HOST`); a field typed as
// another settings class reads nothing itself (that class reads its own env). A class whose
// MRO has no `BaseSettings` reads nothing. Fields inherited from a settings base that yields the
// same name at the same place are that base's reads, not reported twice.
#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/core/normalize.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace settings_detail {

// One class of an MRO: a class record of the tree, or pydantic's own / an outside class.
struct MroEntry {
  std::string key;             // identity: "file:line", "BaseSettings", "BaseModel", "?spelling"
  const Value* cls = nullptr;  // the class record (null for the others)
};

// Deeper base chains are cut (hostile input; the records are linear to build at any depth).
constexpr int kMaxBaseDepth = 512;

const Value* meta_field(const Value* meta, std::string_view k) {
  if (meta == nullptr) return nullptr;
  for (const auto& [name, v] : meta->fields)
    if (name == k) return &v;
  return nullptr;
}

struct SettingsOptions {
  std::string prefix;
  bool case_sensitive = false;
  std::string delimiter;
  bool operator==(const SettingsOptions&) const = default;
};

// An MRO is a list of immutable nodes whose tails are shared: a class with one base is one node
// in front of its base's MRO, so a chain of N classes holds N nodes, not N²/2 entries. Each node
// knows the facts of the list it starts (is `BaseSettings` / `BaseModel` in it, the options the
// first class setting each gives), worked out from its own class and the next node's facts.
struct MroNode {
  MroEntry entry;
  int id = 0;  // the key, interned (Linearizer::ids_)
  std::shared_ptr<const MroNode> next;
  bool settings = false, model = false;
  std::optional<std::string> prefix, delimiter;
  std::optional<bool> case_sensitive;
  // On the first node of a class's MRO: the first node of the MRO of a base that is this list's
  // tail (the one base, or the last base when the C3 merge ends with its whole MRO), else null.
  const MroNode* shared_tail = nullptr;

  SettingsOptions options() const {
    return SettingsOptions{prefix.value_or(""), case_sensitive.value_or(false), delimiter.value_or("")};
  }
};

}  // namespace settings_detail
using namespace settings_detail;

// One per file (PyReads::linearizer): each class's MRO is worked out once, from its bases' (a
// chain of N classes costs N nodes; a class with several bases costs a C3 merge over integer
// ids that stops as soon as the rest is its last base's MRO, which it then shares). The class
// records its entries point at are kept alive here.
class Linearizer {
 public:
  const MroNode* mro(const Value& cls, int depth) {
    std::string key = cls.origin_file + ":" + std::to_string(cls.origin_line);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second.get();
    std::shared_ptr<const Value> self = cls.shared ? cls.shared : std::make_shared<const Value>(cls);
    alive_.push_back(self);
    const Value* meta = class_meta(*self);
    MroEntry head{key, self.get()};
    const Value* bases = meta_field(meta, "bases");
    if (bases == nullptr || bases->items.empty() || depth > kMaxBaseDepth)  // (the cap: hostile input only)
      return remember(key, cons(head, nullptr));
    if (bases->items.size() == 1 && class_meta(bases->items[0])) {  // one base: no merge to make
      const MroNode* up = mro(bases->items[0], depth + 1);
      auto node = cons(head, memo_.at(up->entry.key));
      node->shared_tail = up;
      return remember(key, std::move(node));
    }
    // The bases' MROs (as nodes).
    std::vector<std::shared_ptr<const MroNode>> owned;  // single-entry lists of outside bases
    std::vector<const MroNode*> direct;
    for (const Value& b : bases->items) {
      if (b.type == Value::Type::Str) {
        std::shared_ptr<const MroNode> tail;
        if (b.text == "BaseSettings") tail = cons(MroEntry{"BaseModel", nullptr}, nullptr);  // BaseSettings(BaseModel)
        owned.push_back(cons(MroEntry{b.text, nullptr}, std::move(tail)));
        direct.push_back(owned.back().get());
      } else if (class_meta(b)) {
        direct.push_back(mro(b, depth + 1));
      } else {
        owned.push_back(cons(MroEntry{"?#" + std::to_string(unknown_++), nullptr}, nullptr));
        direct.push_back(owned.back().get());
      }
    }
    std::vector<const MroNode*> out;
    const MroNode* tail = nullptr;
    if (direct.back()->entry.cls != nullptr && mixins_in_front(direct, out)) {
      tail = direct.back();
    } else {
      out.clear();
      std::vector<std::vector<const MroNode*>> seqs;  // each base's MRO, then the bases themselves
      for (const MroNode* l : direct) seqs.push_back(walk(l));
      seqs.push_back(direct);
      const MroNode* last_base = direct.back()->entry.cls ? direct.back() : nullptr;
      if (!merge(seqs, last_base, out, tail)) {  // inconsistent hierarchy (python would refuse it): depth-first
        out.clear();
        tail = nullptr;
        std::set<int> seen;
        for (auto& s : seqs)
          for (const MroNode* n : s)
            if (n->entry.key != key && seen.insert(n->id).second) out.push_back(n);
      }
    }
    std::shared_ptr<const MroNode> rest = tail ? memo_.at(tail->entry.key) : nullptr;
    for (auto it = out.rbegin(); it != out.rend(); ++it) rest = cons((*it)->entry, std::move(rest));
    auto node = cons(head, std::move(rest));
    node->shared_tail = tail;
    return remember(key, std::move(node));
  }

  // Is the class `id` in the MRO that starts at `head` (a class's first node)? Each MRO asked is
  // indexed once.
  bool contains(const MroNode* head, int id) {
    auto [it, fresh] = members_.try_emplace(head);
    if (fresh)
      for (const MroNode* n = head; n != nullptr; n = n->next.get()) it->second.insert(n->id);
    return it->second.count(id) > 0;
  }

 private:
  const MroNode* remember(const std::string& key, std::shared_ptr<MroNode> node) {
    return (memo_[key] = std::move(node)).get();
  }

  int intern(const std::string& key) { return ids_.try_emplace(key, static_cast<int>(ids_.size())).first->second; }

  std::shared_ptr<MroNode> cons(MroEntry e, std::shared_ptr<const MroNode> next) {
    auto n = std::make_shared<MroNode>();
    n->id = intern(e.key);
    n->settings = e.key == "BaseSettings" || (next && next->settings);
    n->model = e.key == "BaseModel" || (next && next->model);
    if (next) {
      n->prefix = next->prefix;
      n->delimiter = next->delimiter;
      n->case_sensitive = next->case_sensitive;
    }
    if (const Value* cfg = e.cls ? meta_field(class_meta(*e.cls), "config") : nullptr) {
      for (const auto& [k, v] : cfg->fields) {
        if (k == "env_prefix" && v.type == Value::Type::Str) n->prefix = v.text;
        if (k == "case_sensitive" && v.type == Value::Type::Bool) n->case_sensitive = v.text == "true";
        if (k == "env_nested_delimiter" && v.type == Value::Type::Str) n->delimiter = v.text;
      }
    }
    n->entry = std::move(e);
    n->next = std::move(next);
    return n;
  }

  static std::vector<const MroNode*> walk(const MroNode* l) {
    std::vector<const MroNode*> seq;
    for (; l != nullptr; l = l->next.get()) seq.push_back(l);
    return seq;
  }

  // The usual shape, `class C(MixinA, MixinB, Base)`: C3 over the mixins' MROs, which ends with
  // the whole MRO of the last base `Base` (then shared, never walked). What of a mixin's MRO is
  // also in Base's is known without walking Base's: pydantic's own classes from its facts, and a
  // base listed before Base never is (python refuses such a class). Anything else (a class of the
  // tree or from outside further up a mixin's MRO), or a merge
  // that does not end that way, returns false and the full merge decides. `out`: the classes in
  // front of Base's MRO (without C).
  bool mixins_in_front(const std::vector<const MroNode*>& direct, std::vector<const MroNode*>& out) {
    const MroNode* last = direct.back();
    std::vector<std::vector<const MroNode*>> seqs;
    for (size_t i = 0; i + 1 < direct.size(); ++i) seqs.push_back(walk(direct[i]));
    // In the last base's MRO: 1 + a rank that orders BaseSettings before BaseModel, 0 when not.
    auto rank_in_last = [&](const MroNode* n, bool& known) -> int {
      if (n->entry.key == "BaseSettings") return last->settings ? 1 : 0;
      if (n->entry.key == "BaseModel") return last->model ? 2 : 0;
      if (std::find(direct.begin(), direct.end() - 1, n) != direct.end() - 1) return 0;
      known = false;
      return 0;
    };
    counts_.fresh(ids_.size());  // tail counts, the last base's MRO included
    bool known = true;
    for (const auto& seq : seqs)
      for (size_t k = 0; k < seq.size(); ++k) {
        if (k > 0) ++counts_[seq[k]->id];
        if (rank_in_last(seq[k], known) > 0) counts_[seq[k]->id] = 1 << 20;  // held back until the end
      }
    for (size_t k = 1; k < direct.size(); ++k) ++counts_[direct[k]->id];
    if (!known) return false;
    std::vector<size_t> pos(seqs.size(), 0);
    size_t dpos = 0;
    for (;;) {
      const MroNode* pick = nullptr;
      for (size_t i = 0; i < seqs.size() && !pick; ++i)
        if (pos[i] < seqs[i].size() && counts_[seqs[i][pos[i]]->id] == 0) pick = seqs[i][pos[i]];
      if (pick == nullptr) {
        if (dpos + 1 != direct.size() || counts_[last->id] != 0) return false;
        // The last base comes next: the rest of every mixin MRO must be in its MRO, in order.
        for (size_t i = 0; i < seqs.size(); ++i) {
          int prev = 0;
          for (size_t k = pos[i]; k < seqs[i].size(); ++k) {
            int r = rank_in_last(seqs[i][k], known);
            if (r <= prev) return false;
            prev = r;
          }
        }
        return true;
      }
      out.push_back(pick);
      for (size_t i = 0; i < seqs.size(); ++i)
        if (pos[i] < seqs[i].size() && seqs[i][pos[i]]->id == pick->id && ++pos[i] < seqs[i].size())
          --counts_[seqs[i][pos[i]]->id];
      if (direct[dpos]->id == pick->id && ++dpos < direct.size()) --counts_[direct[dpos]->id];
    }
  }

  // C3: repeatedly take the first head that is in no other sequence's tail. How many tails hold
  // an id is kept in a dense array over the interned ids, so "in a tail" is a lookup, not a scan.
  // When the head to take is the first node of `last` (the last base's MRO) and every other
  // sequence's rest follows that MRO's order, the merge is that MRO from there on: `tail` is set
  // to it and nothing more is copied. (Each merge still walks the bases' MROs once: a chain of
  // classes that each add a mixin is quadratic in its length, with a small constant.)
  bool merge(const std::vector<std::vector<const MroNode*>>& seqs, const MroNode* last,
             std::vector<const MroNode*>& out, const MroNode*& tail) {
    std::vector<size_t> pos(seqs.size(), 0);
    counts_.fresh(ids_.size());  // tail counts: in how many sequences an id sits after the head
    for (const auto& s : seqs)
      for (size_t k = 1; k < s.size(); ++k) ++counts_[s[k]->id];
    auto advance = [&](size_t i) {
      ++pos[i];
      if (pos[i] < seqs[i].size()) --counts_[seqs[i][pos[i]]->id];
    };
    for (;;) {
      bool any = false;
      const MroNode* pick = nullptr;
      size_t pick_seq = 0;
      for (size_t i = 0; i < seqs.size() && !pick; ++i) {
        if (pos[i] >= seqs[i].size()) continue;
        any = true;
        const MroNode* cand = seqs[i][pos[i]];
        if (counts_[cand->id] == 0) { pick = cand; pick_seq = i; }
      }
      if (!any) return true;
      if (!pick) return false;
      if (pick == last && pick_seq + 2 == seqs.size() && pos[pick_seq] == 0 && rest_follows(seqs, pos, pick_seq)) {
        tail = last;
        return true;
      }
      out.push_back(pick);
      int id = pick->id;
      for (size_t i = 0; i < seqs.size(); ++i)
        if (pos[i] < seqs[i].size() && seqs[i][pos[i]]->id == id) advance(i);
    }
  }

  // Does the rest of every sequence but `t` (the whole of which is still to come) appear in
  // sequence `t` in the same order? Then C3 takes sequence t as it is.
  bool rest_follows(const std::vector<std::vector<const MroNode*>>& seqs, const std::vector<size_t>& pos, size_t t) {
    ranks_.fresh(ids_.size());  // 1 + the id's position in sequence t
    for (size_t k = 0; k < seqs[t].size(); ++k) ranks_[seqs[t][k]->id] = static_cast<int>(k) + 1;
    for (size_t i = 0; i < seqs.size(); ++i) {
      if (i == t) continue;
      int prev = 0;
      for (size_t k = pos[i]; k < seqs[i].size(); ++k) {
        int where = ranks_[seqs[i][k]->id];
        if (where <= prev) return false;  // absent (0) or out of order
        prev = where;
      }
    }
    return true;
  }

  std::map<std::string, std::shared_ptr<const MroNode>> memo_;
  std::unordered_map<std::string, int> ids_;
  std::unordered_map<const MroNode*, std::unordered_set<int>> members_;  // contains()
  // An int per interned id, zero unless written since the last fresh() (a generation stamp: no
  // clearing of the whole array per merge). merge keeps its tail counts in one while
  // rest_follows uses the other.
  class IdScratch {
   public:
    void fresh(size_t ids) {
      ++generation_;
      if (slots_.size() < ids) slots_.resize(ids * 2, {0, 0});
    }
    int& operator[](int id) {
      auto& [gen, value] = slots_[static_cast<size_t>(id)];
      if (gen != generation_) gen = generation_, value = 0;
      return value;
    }

   private:
    std::vector<std::pair<unsigned, int>> slots_;
    unsigned generation_ = 0;
  };
  IdScratch counts_, ranks_;
  std::vector<std::shared_ptr<const Value>> alive_;
  int unknown_ = 0;
};

namespace {

std::optional<DefaultValue> field_default(const Value& fld) {
  const Value* d = meta_field(&fld, "default");
  if (d == nullptr) return std::nullopt;
  DefaultValue out;
  for (const auto& [k, v] : d->fields) {
    if (k == "raw") out.raw = v.text;
    else if (k == "value") out.value = v.text;
    else if (k == "comparable") out.comparable = v.text == "true";
  }
  return out;
}

}  // namespace

Linearizer& PyReads::linearizer() {
  if (!linearizer_) linearizer_ = std::make_shared<Linearizer>();
  return *static_cast<Linearizer*>(linearizer_.get());
}

std::vector<EnvRead> PyReads::settings_class_reads(const Value& cls, bool* is_settings, const SettingsReadFilter& theirs) {
  const MroNode* mro = linearizer().mro(cls, 0);
  if (is_settings) *is_settings = mro->settings;
  if (!mro->settings) return {};
  const bool own_only = !theirs;
  SettingsOptions opt = mro->options();
  auto cased = [&](std::string n) { return opt.case_sensitive ? n : to_upper(n); };
  std::vector<EnvRead> out;
  auto add = [&](const Value& fld, std::string name, std::optional<DefaultValue> dflt) {
    EnvRead r;
    r.name = std::move(name);
    r.file = fld.origin_file;
    r.line = fld.origin_line;
    const Value* col = meta_field(&fld, "col");
    r.column = col ? std::atoi(col->text.c_str()) : 1;
    r.language = Language::Python;
    r.kind = ReadKind::Settings;
    r.default_value = std::move(dflt);
    out.push_back(std::move(r));
  };
  // The fields of an MRO (up to `stop`), the first declaration of each name winning, each with
  // the interned id of the class declaring it.
  struct Field {
    std::string name;
    const Value* fld;
    int decl;
  };
  auto fields_of = [&](const MroNode* m, const MroNode* stop) {
    std::vector<Field> fs;
    std::set<std::string> seen;
    for (; m != nullptr && m != stop; m = m->next.get()) {
      const MroEntry& e = m->entry;
      const Value* fields = e.cls ? meta_field(class_meta(*e.cls), "fields") : nullptr;
      if (fields == nullptr) continue;
      for (const auto& [name, fld] : fields->fields)
        if (seen.insert(name).second) fs.push_back(Field{name, &fld, m->id});
    }
    return fs;
  };
  // `prefix`: the env name so far (env_prefix, or `DB__` inside a nested model); `decl`: the
  // class declaring the top-level field a nested model hangs from.
  struct Pending {
    std::string prefix;
    std::vector<Field> fields;
    int depth, decl;
  };
  std::vector<Pending> stack{Pending{opt.prefix, fields_of(mro, own_only ? mro->shared_tail : nullptr), 0, -1}};
  while (!stack.empty()) {
    Pending p = std::move(stack.back());
    stack.pop_back();
    for (const Field& f : p.fields) {
      const int decl = p.depth == 0 ? f.decl : p.decl;
      const Value* aliases = meta_field(f.fld, "aliases");
      if (p.depth == 0 && aliases && !aliases->items.empty()) {
        if (theirs && theirs(decl, SettingsName::Alias)) continue;
        for (const auto& a : aliases->items) add(*f.fld, cased(a.text), field_default(*f.fld));
        continue;
      }
      if (const Value* nested = meta_field(f.fld, "nested")) {
        const MroNode* nm = linearizer().mro(*nested, 0);
        if (nm->settings) continue;  // nested settings read their own env
        if (nm->model) {
          if (!opt.delimiter.empty() && p.depth < 4) {
            if (theirs && theirs(decl, SettingsName::Nested)) continue;
            stack.push_back(Pending{p.prefix + f.name + opt.delimiter, fields_of(nm, nullptr), p.depth + 1, decl});
            continue;
          }
          if (theirs && theirs(decl, SettingsName::Prefixed)) continue;
          add(*f.fld, cased(p.prefix + f.name), field_default(*f.fld));  // one var, parsed as JSON
          continue;
        }
      }
      if (theirs && theirs(decl, p.depth == 0 ? SettingsName::Prefixed : SettingsName::Nested)) continue;
      add(*f.fld, cased(p.prefix + f.name), field_default(*f.fld));
    }
  }
  return out;
}

bool PyReads::settings_reads(TSNode cls, const Value& rec) {
  std::string cname(f_.text(f_.field(cls, f_.fields.name)));
  ViaStep step{f_.file.src.rel, f_.file.line(cls), "settings " + cname};
  auto emit = [&](const EnvRead& read) {
    if (!settings_emitted_.emplace(read.name, read.file, read.line).second) return;
    EnvRead r = read;
    r.via.push_back(step);
    out_.reads.push_back(std::move(r));
  };
  // A base whose whole MRO ends this class's (its one base, or the last one when the others are
  // mixins) and that is a settings class with the same options: every field the class inherits
  // from there reads what that base reads, at the same place, so the class reports the fields
  // of the classes in front of it only (a chain of subclasses, with or without mixins, stays
  // linear).
  const MroNode* mro = linearizer().mro(rec, 0);
  if (mro->settings && mro->shared_tail && mro->shared_tail->settings &&
      mro->shared_tail->options() == mro->options()) {
    for (const auto& read : settings_class_reads(rec, nullptr, SettingsReadFilter{})) emit(read);
    return true;
  }
  // Otherwise a read is a settings base's own (same name, same place: that base reports it) when
  // the class declaring its field is in the MRO of a settings base whose options give the same
  // name: the field's first declaration is then the same for both, since a base's MRO keeps the
  // order of this one's. The bases are asked nearest first.
  const SettingsOptions own = mro->options();
  std::vector<std::pair<const MroNode*, SettingsOptions>> bases;
  for (const MroNode* n = mro->next.get(); n != nullptr; n = n->next.get()) {
    if (n->entry.cls == nullptr) continue;
    const MroNode* theirs = linearizer().mro(*n->entry.cls, 0);
    if (theirs->settings && theirs->options().case_sensitive == own.case_sensitive) bases.emplace_back(theirs, theirs->options());
  }
  SettingsReadFilter theirs = [&](int decl, SettingsName kind) {
    for (const auto& [base, opt] : bases) {
      if (kind != SettingsName::Alias && opt.prefix != own.prefix) continue;
      if (kind == SettingsName::Nested && opt.delimiter != own.delimiter) continue;
      if (base->id == decl || linearizer().contains(base, decl)) return true;
    }
    return false;
  };
  bool is_settings = false;
  for (const auto& read : settings_class_reads(rec, &is_settings, theirs)) emit(read);
  return is_settings;
}

}  // namespace envdrift::py
