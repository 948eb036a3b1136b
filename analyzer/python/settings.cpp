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
#include "analyzer/python/mro.h"
#include "analyzer/python/reads.h"
#include "analyzer/python/values.h"

namespace envdrift::py {

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
