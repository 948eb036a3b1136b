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
#include <set>
#include <tuple>

#include "analyzer/core/normalize.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

namespace settings_detail {

// One class of an MRO: a class record of the tree, or pydantic's own / an outside class.
struct MroEntry {
  std::string key;             // identity: "file:line", "BaseSettings", "BaseModel", "?n"
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

}  // namespace settings_detail
using namespace settings_detail;

// One per file (PyReads::linearizer): each class's MRO is worked out once, from its bases' (a
// chain of N classes costs N merges, not N per class). The class records its entries point at
// are kept alive here.
class Linearizer {
 public:
  const std::vector<MroEntry>& mro(const Value& cls, int depth) {
    std::string key = cls.origin_file + ":" + std::to_string(cls.origin_line);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    std::shared_ptr<const Value> self = cls.shared ? cls.shared : std::make_shared<const Value>(cls);
    alive_.push_back(self);
    const Value* meta = class_meta(*self);
    std::vector<MroEntry> head{MroEntry{key, self.get()}};
    const Value* bases = meta_field(meta, "bases");
    if (bases == nullptr || depth > kMaxBaseDepth) return memo_[key] = head;  // (the cap: hostile input only)
    if (bases->items.size() == 1 && class_meta(bases->items[0])) {  // one base: no merge to make
      const std::vector<MroEntry>& up = mro(bases->items[0], depth + 1);
      head.insert(head.end(), up.begin(), up.end());
      return memo_[key] = std::move(head);
    }
    std::vector<std::vector<MroEntry>> seqs;
    std::vector<MroEntry> direct;
    for (const Value& b : bases->items) {
      std::vector<MroEntry> l;
      if (b.type == Value::Type::Str) {
        l.push_back(MroEntry{b.text, nullptr});
        if (b.text == "BaseSettings") l.push_back(MroEntry{"BaseModel", nullptr});  // BaseSettings(BaseModel)
      }
      else if (class_meta(b)) l = mro(b, depth + 1);
      else l.push_back(MroEntry{"?" + std::to_string(unknown_++), nullptr});
      direct.push_back(l.front());
      seqs.push_back(std::move(l));
    }
    seqs.push_back(direct);
    std::vector<MroEntry> out = head;
    if (!merge(seqs, out)) {  // inconsistent hierarchy (python would refuse it): depth-first
      out = head;
      std::set<std::string> seen{key};
      for (auto& s : seqs)
        for (auto& e : s)
          if (seen.insert(e.key).second) out.push_back(e);
    }
    return memo_[key] = std::move(out);
  }

 private:
  // C3: repeatedly take the first head that is in no other sequence's tail.
  static bool merge(std::vector<std::vector<MroEntry>> seqs, std::vector<MroEntry>& out) {
    std::vector<size_t> pos(seqs.size(), 0);
    for (;;) {
      bool any = false;
      const MroEntry* pick = nullptr;
      for (size_t i = 0; i < seqs.size() && !pick; ++i) {
        if (pos[i] >= seqs[i].size()) continue;
        any = true;
        const MroEntry& cand = seqs[i][pos[i]];
        bool in_tail = false;
        for (size_t j = 0; j < seqs.size() && !in_tail; ++j)
          for (size_t k = pos[j] + 1; k < seqs[j].size(); ++k)
            if (seqs[j][k].key == cand.key) { in_tail = true; break; }
        if (!in_tail) pick = &cand;
      }
      if (!any) return true;
      if (!pick) return false;
      MroEntry e = *pick;
      out.push_back(e);
      for (size_t i = 0; i < seqs.size(); ++i)
        if (pos[i] < seqs[i].size() && seqs[i][pos[i]].key == e.key) ++pos[i];
    }
  }

  std::map<std::string, std::vector<MroEntry>> memo_;
  std::vector<std::shared_ptr<const Value>> alive_;
  int unknown_ = 0;
};

namespace {

bool has(const std::vector<MroEntry>& mro, std::string_view key) {
  for (const auto& e : mro)
    if (e.key == key) return true;
  return false;
}

struct SettingsOptions {
  std::string prefix;
  bool case_sensitive = false;
  std::string delimiter;
  bool operator==(const SettingsOptions&) const = default;
};

SettingsOptions options_of(const std::vector<MroEntry>& mro) {
  SettingsOptions o;
  bool got_prefix = false, got_case = false, got_delim = false;
  for (const auto& e : mro) {
    const Value* cfg = e.cls ? meta_field(class_meta(*e.cls), "config") : nullptr;
    if (cfg == nullptr) continue;
    for (const auto& [k, v] : cfg->fields) {
      if (k == "env_prefix" && !got_prefix && v.type == Value::Type::Str) { o.prefix = v.text; got_prefix = true; }
      if (k == "case_sensitive" && !got_case && v.type == Value::Type::Bool) { o.case_sensitive = v.text == "true"; got_case = true; }
      if (k == "env_nested_delimiter" && !got_delim && v.type == Value::Type::Str) { o.delimiter = v.text; got_delim = true; }
    }
  }
  return o;
}

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

const std::set<std::tuple<std::string, std::string, int>>& PyReads::settings_read_keys(const Value& cls) {
  std::string key = cls.origin_file + ":" + std::to_string(cls.origin_line);
  auto [it, fresh] = settings_keys_memo_.try_emplace(key);
  if (fresh)
    for (const auto& r : settings_class_reads(cls)) it->second.emplace(r.name, r.file, r.line);
  return it->second;
}

// The reads a settings class makes (empty when it is not one), without the via step.
const std::vector<EnvRead>& PyReads::settings_class_reads(const Value& cls, bool* is_settings) {
  std::string memo_key = cls.origin_file + ":" + std::to_string(cls.origin_line);
  if (auto it = settings_memo_.find(memo_key); it != settings_memo_.end()) {
    if (is_settings) *is_settings = it->second.first;
    return it->second.second;
  }
  bool settings = false;
  std::vector<EnvRead> reads = settings_class_reads_uncached(cls, &settings);
  if (is_settings) *is_settings = settings;
  return settings_memo_.emplace(memo_key, std::make_pair(settings, std::move(reads))).first->second.second;
}

std::vector<EnvRead> PyReads::settings_class_reads_uncached(const Value& cls, bool* is_settings, bool own_only) {
  const std::vector<MroEntry>& mro = linearizer().mro(cls, 0);
  if (is_settings) *is_settings = has(mro, "BaseSettings");
  if (!has(mro, "BaseSettings")) return {};
  SettingsOptions opt = options_of(mro);
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
  // The fields of an MRO, the first declaration of each name winning.
  auto fields_of = [&](const std::vector<MroEntry>& m) {
    std::vector<std::pair<std::string, const Value*>> fs;
    std::set<std::string> seen;
    for (const auto& e : m) {
      const Value* fields = e.cls ? meta_field(class_meta(*e.cls), "fields") : nullptr;
      if (fields == nullptr) continue;
      for (const auto& [name, fld] : fields->fields)
        if (seen.insert(name).second) fs.emplace_back(name, &fld);
    }
    return fs;
  };
  // `prefix`: the env name so far (env_prefix, or `DB__` inside a nested model).
  struct Pending {
    std::string prefix;
    std::vector<std::pair<std::string, const Value*>> fields;
    int depth;
  };
  std::vector<Pending> stack{Pending{opt.prefix, own_only ? fields_of({mro.front()}) : fields_of(mro), 0}};
  while (!stack.empty()) {
    Pending p = std::move(stack.back());
    stack.pop_back();
    for (const auto& [name, fld] : p.fields) {
      const Value* aliases = meta_field(fld, "aliases");
      if (p.depth == 0 && aliases && !aliases->items.empty()) {
        for (const auto& a : aliases->items) add(*fld, cased(a.text), field_default(*fld));
        continue;
      }
      if (const Value* nested = meta_field(fld, "nested")) {
        const std::vector<MroEntry>& nm = linearizer().mro(*nested, 0);
        if (has(nm, "BaseSettings")) continue;  // nested settings read their own env
        if (has(nm, "BaseModel")) {
          if (!opt.delimiter.empty() && p.depth < 4) {
            stack.push_back(Pending{p.prefix + name + opt.delimiter, fields_of(nm), p.depth + 1});
            continue;
          }
          add(*fld, cased(p.prefix + name), field_default(*fld));  // one var, parsed as JSON
          continue;
        }
      }
      add(*fld, cased(p.prefix + name), field_default(*fld));
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
  // One base that is itself a settings class with the same options (a chain of subclasses): every
  // field the class inherits reads what that base reads, at the same place, so the class reports
  // its own fields only, without working out its whole MRO's reads (a chain stays linear).
  const std::vector<MroEntry>& mro = linearizer().mro(rec, 0);
  if (const Value* meta = class_meta(rec)) {
    const Value* bases = meta_field(meta, "bases");
    if (bases && bases->items.size() == 1 && class_meta(bases->items[0]) && mro.size() >= 2 && mro[1].cls &&
        has(mro, "BaseSettings")) {
      const std::vector<MroEntry>& up = linearizer().mro(*mro[1].cls, 0);
      if (has(up, "BaseSettings") && options_of(mro) == options_of(up)) {
        for (const auto& read : settings_class_reads_uncached(rec, nullptr, /*own_only=*/true)) emit(read);
        return true;
      }
    }
  }
  bool is_settings = false;
  const std::vector<EnvRead>& reads = settings_class_reads(rec, &is_settings);
  if (!is_settings) return false;
  // Reads a settings base makes itself (same name, same place) are that base's, reported by it.
  // Asked per read of the nearest bases first.
  auto theirs = [&](const EnvRead& r) {
    for (size_t i = 1; i < mro.size(); ++i)
      if (mro[i].cls && settings_read_keys(*mro[i].cls).count({r.name, r.file, r.line})) return true;
    return false;
  };
  for (const auto& read : reads)
    if (!theirs(read)) emit(read);
  return true;
}

}  // namespace envdrift::py
