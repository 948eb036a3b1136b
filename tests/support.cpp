#include "tests/support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace fs = std::filesystem;

namespace envdrift::test {

TempTree::TempTree() {
  std::string tmpl = (fs::temp_directory_path() / "envdrift-test-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = fs::canonical(tmpl).string();
}

TempTree::~TempTree() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempTree::write(const std::string& rel, const std::string& content) const {
  fs::path p = fs::path(path_) / rel;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  return p.string();
}

const EnvRead* find_read(const FileResult& r, std::string_view name) {
  for (const auto& read : r.reads)
    if (read.name == name) return &read;
  return nullptr;
}

ScanOptions scan_options(const TempTree& t) {
  ScanOptions o;
  o.root = t.path();
  o.paths = {t.path()};
  return o;
}

const Diagnostic* diagnostic_for(const ScanResult& r, const std::string& file) {
  for (const auto& d : r.diagnostics)
    if (d.file == file) return &d;
  return nullptr;
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string source_dir() { return ENVDRIFT_SOURCE_DIR; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunResult run_envdrift(const std::vector<std::string>& args, const std::string& cwd) {
  fs::path outp = fs::temp_directory_path() / ("envdrift-out-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  fs::path errp = outp;
  errp += ".err";
  std::vector<std::string> argv_s{ENVDRIFT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, outp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, errp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = 0;
  RunResult r;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    throw std::runtime_error("cannot start envdrift binary");
  }
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_text(outp.string());
  r.err = read_text(errp.string());
  std::error_code ec;
  fs::remove(outp, ec);
  fs::remove(errp, ec);
  return r;
}

int run_shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

DeclaredHelper declared_helper(Language language, std::string function, int name_arg, int default_arg,
                               bool env_object) {
  DeclaredHelper h;
  h.language = language;
  h.function = std::move(function);
  h.name_arg = name_arg;
  h.default_arg = default_arg;
  h.env_object = env_object;
  h.origin = ".envdrift.toml:3";
  return h;
}

ScanResult scan_resolve_fixture(const std::string& scenario) {
  ScanOptions o;
  o.root = source_dir() + "/fixtures/resolve/" + scenario;
  o.paths = {o.root};
  o.use_gitignore = false;
  return scan(o);
}

std::string describe_read(const EnvRead& r) {
  std::string s = r.file + ":" + std::to_string(r.line) + " " + (r.name.empty() ? "?" : r.name) + " " +
                  std::string(read_kind_name(r.kind));
  if (r.default_value) s += " default=" + (r.default_value->comparable ? r.default_value->value : "computed");
  for (const auto& v : r.via) s += " [" + v.label + " @" + v.file + ":" + std::to_string(v.line) + "]";
  return s;
}

std::vector<std::string> describe_reads(const ScanResult& r) {
  std::vector<std::string> out;
  for (const auto& read : r.reads) out.push_back(describe_read(read));
  return out;
}

void check_snapshot(const std::string& name, const std::string& source, const std::string& actual) {
  const std::string path = source_dir() + "/tests/snapshots/" + name;
  const char* update = std::getenv("ENVDRIFT_UPDATE_SNAPSHOTS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary);
    out << "snapshot: " << name << "\nsource: " << source
        << "\nupdate: ENVDRIFT_UPDATE_SNAPSHOTS=1 build/tests/envdrift_tests \"[formats]\"\n---\n"
        << actual;
    REQUIRE(out.good());
    WARN("updated snapshot " << path);
    return;
  }
  std::string file = read_text(path);
  size_t body = file.find("---\n");
  if (body == std::string::npos) FAIL("missing snapshot " << path << " (run with ENVDRIFT_UPDATE_SNAPSHOTS=1)");
  std::string expected = file.substr(body + 4);
  if (expected != actual) {
    std::cerr << "--- snapshot " << path << "\n+++ output\n" << actual << std::flush;
    FAIL("output differs from snapshot " << path << " (output on stderr; update with ENVDRIFT_UPDATE_SNAPSHOTS=1)");
  }
}

}  // namespace envdrift::test
