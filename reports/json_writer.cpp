#include "reports/json_writer.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace envdrift {

namespace {

// Written as is by nlohmann too: printable ASCII without `"` and `\`.
bool plain(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

void quoted(std::string& out, std::string_view s) {
  if (plain(s)) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void JsonWriter::element() {
  if (empty_.empty()) return;  // the document's top-level value
  out_ += empty_.back() ? "\n" : ",\n";
  empty_.back() = false;
  out_.append(2 * empty_.size(), ' ');
}

void JsonWriter::open(char bracket) {
  scalar();
  out_ += bracket;
  empty_.push_back(true);
}

void JsonWriter::close(char bracket) {
  bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) {
    out_ += '\n';
    out_.append(2 * empty_.size(), ' ');
  }
  out_ += bracket;
}

void JsonWriter::key(std::string_view k) {
  element();
  quoted(out_, k);
  out_ += ": ";
  after_key_ = true;
}

void JsonWriter::string(std::string_view s) {
  scalar();
  quoted(out_, s);
}

void JsonWriter::integer(int64_t v) {
  scalar();
  fmt::format_to(std::back_inserter(out_), "{}", v);
}

void JsonWriter::unsigned_integer(uint64_t v) {
  scalar();
  fmt::format_to(std::back_inserter(out_), "{}", v);
}

void JsonWriter::number(double v) {
  scalar();
  out_ += nlohmann::json(v).dump();
}

void JsonWriter::boolean(bool v) {
  scalar();
  out_ += v ? "true" : "false";
}

void JsonWriter::null() {
  scalar();
  out_ += "null";
}

}  // namespace envdrift
