#include "analyzer/cpp/helper_index.h"

#include <fstream>
#include <set>
#include <sstream>

#include "analyzer/core/resolve/project.h"
#include "analyzer/cpp/cpp.h"
#include "analyzer/cpp/translation_unit.h"

namespace envdrift::cpp {

namespace {

struct HelperIndex {
  std::map<std::string, std::shared_ptr<const HelperSummary>> by_usr;
};

bool is_c_family(std::string_view rel) {
  for (std::string_view e : {".c", ".cc", ".cpp", ".cxx", ".c++", ".h", ".hh", ".hpp", ".hxx"})
    if (rel.size() >= e.size() && rel.substr(rel.size() - e.size()) == e) return true;
  return false;
}

// Rounds: the files that mention the env API first, then the files that mention a helper found
// so far (wrappers of wrappers in other files), each file analyzed again only when it mentions a
// helper found in the previous round. Bounded by the number of rounds.
std::shared_ptr<const HelperIndex> build_index(const resolve::Project& project) {
  auto index = std::make_shared<HelperIndex>();
  std::vector<std::pair<std::string, std::string>> texts;  // (rel, text) of C/C++ files
  for (const auto& [rel, path] : project.files()) {
    if (!is_c_family(rel)) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::ostringstream ss;
    ss << in.rdbuf();
    texts.emplace_back(rel, ss.str());
  }
  std::vector<std::string> needles(prefilter_needles().begin(), prefilter_needles().end());
  std::set<std::string> known;
  for (int round = 0; round < 4 && !needles.empty(); ++round) {
    std::vector<std::string> fresh;
    for (const auto& [rel, text] : texts) {
      bool hit = false;
      for (const auto& n : needles) hit = hit || text.find(n) != std::string::npos;
      if (!hit) continue;
      SourceFile src{project.files().at(rel), rel, Language::Cpp, text};
      TranslationUnit tu(src.path, rel, text);
      if (!tu.ok()) continue;
      Ast ast(tu.get(), text);
      HelperIndex* idx = index.get();
      Analyzer a(ast, src, [idx](const std::string& usr) -> std::shared_ptr<const HelperSummary> {
        auto it = idx->by_usr.find(usr);
        return it == idx->by_usr.end() ? nullptr : it->second;
      });
      std::map<std::string, std::shared_ptr<const HelperSummary>> found;
      a.main_file_helpers(found);
      for (auto& [usr, h] : found) {
        if (index->by_usr.emplace(usr, h).second && known.insert(h->name).second) fresh.push_back(h->name);
      }
    }
    needles = std::move(fresh);
  }
  return index;
}

}  // namespace

ExternalHelpers external_helpers() {
  return [](const std::string& usr) -> std::shared_ptr<const HelperSummary> {
    resolve::Project* project = resolve::current_project();
    if (project == nullptr || usr.empty()) return nullptr;
    auto index = project->shared<HelperIndex>("cpp/helpers", [&] { return build_index(*project); });
    if (index == nullptr) return nullptr;  // asked while it is being built
    auto it = index->by_usr.find(usr);
    return it == index->by_usr.end() ? nullptr : it->second;
  };
}

}  // namespace envdrift::cpp
