// The MROs of a file's python classes, for the pydantic settings reads (settings.cpp): each
// class's C3 linearization as a list of immutable nodes that share their tails (mro.cpp), and,
// without its order, what the reads need of it (lineage.cpp).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyzer/core/persistent_map.h"
#include "analyzer/python/evaluate.h"

namespace envdrift::py {

// One class of an MRO: a class record of the tree, or pydantic's own / an outside class.
struct MroEntry {
  std::string key;             // identity: "file:line", "BaseSettings", "BaseModel", "?spelling"
  const Value* cls = nullptr;  // the class record (null for the others)
};

// Deeper base chains are cut (hostile input; the records are linear to build at any depth).
constexpr int kMaxBaseDepth = 512;

inline const Value* meta_field(const Value* meta, std::string_view k) {
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

// The options a class sets itself (`class Config:` / `model_config = SettingsConfigDict(...)`),
// indexed by SettingsOption; unset when it sets none. case_sensitive is "true" or "false".
enum SettingsOption { kEnvPrefix, kCaseSensitive, kNestedDelimiter, kSettingsOptions };
using OwnOptions = std::array<std::optional<std::string>, kSettingsOptions>;
OwnOptions own_options(const Value* cls);

// A field's first declaration in an MRO: the declaring class (interned key) and its field record.
struct FieldDecl {
  int decl = 0;
  const Value* fld = nullptr;
};

// What the settings reads need of a class's MRO, without the MRO's order: which classes are in
// it, which class of it declares each field first, and which sets each option first. Built from
// the bases' lineages the way C3 would order them (lineage.cpp), each by sharing the structure
// of one base (persistent maps), so a chain of classes that each add a mixin costs the mixins,
// not a copy of the chain.
struct Lineage {
  int id = 0;  // the class's interned key
  bool settings = false, model = false;
  PersistentMap<char>::Root members = PersistentMap<char>::kEmpty;  // interned keys of the MRO's classes
  size_t size = 0;                                                  // how many
  PersistentMap<FieldDecl>::Root fields = PersistentMap<FieldDecl>::kEmpty;  // by interned field name
  struct Setting {
    std::string value;
    int setter = 0;  // the class setting it
  };
  std::array<std::optional<Setting>, kSettingsOptions> options;
  // The class's settings bases when it has one of the tree and all of them have the options the
  // class ends with: every field the class inherits from one of them reads what that base
  // reads, at the same place. Then the class's own reads are those of its `fresh` fields (set
  // by the class itself or taken from a base other than the one its lineage started from)
  // whose declaring class is in no cover's MRO. Empty otherwise.
  std::vector<const Lineage*> covers;
  std::vector<int> fresh;

  SettingsOptions settings_options() const;
};

// One per file (PyReads::linearizer): each class's MRO is worked out once, from its bases' (a
// chain of N classes costs N nodes; a class with several bases costs a C3 merge over integer
// ids that stops as soon as the rest is its last base's MRO, which it then shares). The class
// records its entries point at are kept alive here.
class Linearizer {
 public:
  const MroNode* mro(const Value& cls, int depth);
  const Lineage& lineage(const Value& cls, int depth);
  bool in_mro(const Lineage& l, int id) const { return member_sets_.find(l.members, id) != nullptr; }
  const FieldDecl* field(const Lineage& l, int name) const { return field_maps_.find(l.fields, name); }
  const std::string& field_name(int name) const { return field_names_[static_cast<size_t>(name)]; }

  // Is the class `id` in the MRO that starts at `head` (a class's first node)? Each MRO asked is
  // indexed once.
  bool contains(const MroNode* head, int id);

 private:
  const MroNode* remember(const std::string& key, std::shared_ptr<MroNode> node);

  int intern(const std::string& key) { return ids_.try_emplace(key, static_cast<int>(ids_.size())).first->second; }

  std::shared_ptr<MroNode> cons(MroEntry e, std::shared_ptr<const MroNode> next);

  static std::vector<const MroNode*> walk(const MroNode* l);

  // The usual shape, `class C(MixinA, MixinB, Base)`: C3 over the mixins' MROs, which ends with
  // the whole MRO of the last base `Base` (then shared, never walked). What of a mixin's MRO is
  // also in Base's is known without walking Base's: pydantic's own classes from its facts, and a
  // base listed before Base never is (python refuses such a class). Anything else (a class of the
  // tree or from outside further up a mixin's MRO), or a merge
  // that does not end that way, returns false and the full merge decides. `out`: the classes in
  // front of Base's MRO (without C).
  bool mixins_in_front(const std::vector<const MroNode*>& direct, std::vector<const MroNode*>& out);

  // C3: repeatedly take the first head that is in no other sequence's tail. How many tails hold
  // an id is kept in a dense array over the interned ids, so "in a tail" is a lookup, not a scan.
  // When the head to take is the first node of `last` (the last base's MRO) and every other
  // sequence's rest follows that MRO's order, the merge is that MRO from there on: `tail` is set
  // to it and nothing more is copied. (Each merge still walks the bases' MROs once, so a chain
  // of classes that each add a mixin after their base would be quadratic: the settings reads
  // ask for a class's MRO only when its lineage cannot be worked out without it.)
  bool merge(const std::vector<std::vector<const MroNode*>>& seqs, const MroNode* last,
             std::vector<const MroNode*>& out, const MroNode*& tail);

  // lineage.cpp: the pseudo-lineage of a base from outside the tree (pydantic's own or another),
  // the merge of the bases' lineages into the class's (its MRO asked only for an order nothing
  // else gives), and the entries a class adds itself.
  const Lineage& outside(const std::string& key);
  void merge_lineages(Lineage& lin, const Value& cls, int depth, const std::vector<const Lineage*>& bases, size_t start);
  void add_class(Lineage& lin, int id, const Value* cls, bool fresh);
  int field_id(const std::string& name);

  // Does the rest of every sequence but `t` (the whole of which is still to come) appear in
  // sequence `t` in the same order? Then C3 takes sequence t as it is.
  bool rest_follows(const std::vector<std::vector<const MroNode*>>& seqs, const std::vector<size_t>& pos, size_t t);

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
  std::map<std::string, std::unique_ptr<Lineage>> lineages_;
  std::unordered_map<int, const Lineage*> by_id_;  // the tree's classes' lineages, by interned key
  PersistentMap<char> member_sets_;
  PersistentMap<FieldDecl> field_maps_;
  std::unordered_map<std::string, int> field_ids_;
  std::vector<std::string> field_names_;
  std::vector<std::shared_ptr<const Value>> alive_;
  int unknown_ = 0;
};

}  // namespace envdrift::py
