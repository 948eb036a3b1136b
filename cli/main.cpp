// envdrift's entry point: everything lives in the envdrift_cli library (cli/app.h) so the tests
// can drive it in-process too.
#include "cli/app.h"

int main(int argc, char** argv) { return envdrift::run_cli(argc, argv); }
