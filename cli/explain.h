// `envdrift explain NAME`: every read of NAME (directly or as a documented alias) with its
// indirection chain, and every doc entry for it.
#pragma once

#include <string>
#include <vector>

#include "registry/model.h"

namespace envdrift {

struct ExplainResult {
  std::string name;
  std::vector<EnvRead> reads;
  std::vector<EnvRead> dynamic_candidates;  // dynamic reads whose known prefix fits NAME
  std::vector<DocVariable> documented;
  // Pages without entries that mention NAME (Registry::mentioned): file and line.
  std::vector<std::pair<std::string, int>> mentioned;
  bool registry_found = true;  // false: no registry configured or found by convention
};

ExplainResult explain(const std::string& name, const std::vector<EnvRead>& reads,
                      const std::vector<Registry>& registries);
std::string render_explain_text(const ExplainResult& ex, bool color);
std::string render_explain_json(const ExplainResult& ex);

}  // namespace envdrift
