// C3 linearization of a file's python classes (see mro.h).
#include "analyzer/python/mro.h"

#include <algorithm>
#include <set>

namespace envdrift::py {

OwnOptions own_options(const Value* cls) {
  OwnOptions out;
  const Value* cfg = meta_field(class_meta(*cls), "config");
  if (cfg == nullptr) return out;
  for (const auto& [k, v] : cfg->fields) {
    if (k == "env_prefix" && v.type == Value::Type::Str) out[kEnvPrefix] = v.text;
    if (k == "case_sensitive" && v.type == Value::Type::Bool) out[kCaseSensitive] = v.text;
    if (k == "env_nested_delimiter" && v.type == Value::Type::Str) out[kNestedDelimiter] = v.text;
  }
  return out;
}

const MroNode* Linearizer::mro(const Value& cls, int depth) {
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

bool Linearizer::contains(const MroNode* head, int id) {
  auto [it, fresh] = members_.try_emplace(head);
  if (fresh)
    for (const MroNode* n = head; n != nullptr; n = n->next.get()) it->second.insert(n->id);
  return it->second.count(id) > 0;
}

const MroNode* Linearizer::remember(const std::string& key, std::shared_ptr<MroNode> node) {
  return (memo_[key] = std::move(node)).get();
}

std::shared_ptr<MroNode> Linearizer::cons(MroEntry e, std::shared_ptr<const MroNode> next) {
  auto n = std::make_shared<MroNode>();
  n->id = intern(e.key);
  n->settings = e.key == "BaseSettings" || (next && next->settings);
  n->model = e.key == "BaseModel" || (next && next->model);
  if (next) {
    n->prefix = next->prefix;
    n->delimiter = next->delimiter;
    n->case_sensitive = next->case_sensitive;
  }
  if (e.cls) {
    OwnOptions own = own_options(e.cls);
    if (own[kEnvPrefix]) n->prefix = own[kEnvPrefix];
    if (own[kCaseSensitive]) n->case_sensitive = *own[kCaseSensitive] == "true";
    if (own[kNestedDelimiter]) n->delimiter = own[kNestedDelimiter];
  }
  n->entry = std::move(e);
  n->next = std::move(next);
  return n;
}

std::vector<const MroNode*> Linearizer::walk(const MroNode* l) {
  std::vector<const MroNode*> seq;
  for (; l != nullptr; l = l->next.get()) seq.push_back(l);
  return seq;
}

bool Linearizer::mixins_in_front(const std::vector<const MroNode*>& direct, std::vector<const MroNode*>& out) {
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

bool Linearizer::merge(const std::vector<std::vector<const MroNode*>>& seqs, const MroNode* last,
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

bool Linearizer::rest_follows(const std::vector<std::vector<const MroNode*>>& seqs, const std::vector<size_t>& pos, size_t t) {
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
}  // namespace envdrift::py
