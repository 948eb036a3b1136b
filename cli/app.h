// The envdrift command line: parse arguments, load the config, run a subcommand, return the
// exit code (SPEC section 1). Never throws.
#pragma once

namespace envdrift {

int run_cli(int argc, char** argv);

}  // namespace envdrift
