#include "cli/app.h"

namespace envdrift {

int run_cli(int, char**) { return 0; }

}  // namespace envdrift
