// A streaming JSON writer whose output is byte for byte what nlohmann's
// `dump(2, ' ', false, error_handler_t::replace)` prints for the same document: objects and
// arrays one member per line, 2-space indent, `"key": value`, `{}` / `[]` when empty. The JSON
// report is written with it instead of building a DOM first (building and dumping the DOM was a
// third of a warm `check --format json`). Strings of printable ASCII are written as they are;
// any other string (control characters, non-ASCII, bytes that are not UTF-8) and every floating
// point number are formatted by nlohmann itself, so escapes, U+FFFD replacement and number
// formats are nlohmann's. tests/test_json_writer.cpp re-dumps written documents with nlohmann.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace envdrift {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // A member's key; its value is the next call.
  void key(std::string_view k);

  void string(std::string_view s);
  void integer(int64_t v);
  void unsigned_integer(uint64_t v);
  void number(double v);
  void boolean(bool v);
  void null();

  // `"key": value` in one call.
  void member(std::string_view k, std::string_view s) { key(k); string(s); }
  void member(std::string_view k, const char* s) { key(k); string(s); }
  void member(std::string_view k, const std::string& s) { key(k); string(s); }
  void member(std::string_view k, int v) { key(k); integer(v); }
  void member(std::string_view k, int64_t v) { key(k); integer(v); }
  void member(std::string_view k, uint64_t v) { key(k); unsigned_integer(v); }
  void member(std::string_view k, bool v) { key(k); boolean(v); }

 private:
  void open(char bracket);
  void close(char bracket);
  void element();  // the separator and indent before an array element or a key
  void scalar() {
    if (after_key_) after_key_ = false;
    else element();
  }

  std::string& out_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace envdrift
