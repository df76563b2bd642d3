// Runs the real programs for CLI tests.
#ifndef LIBSEARCH_TESTS_CLI_CLI_SUPPORT_H_
#define LIBSEARCH_TESTS_CLI_CLI_SUPPORT_H_

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.h"

namespace libsearch::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Single-quotes `s` for the shell.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Runs `command` (already quoted) through the shell, capturing both streams.
inline RunResult run(const std::string& command) {
  TempDir tmp;
  const std::string full = command + " >" + tmp / "out" + " 2>" + tmp / "err" + " </dev/null";
  const int status = std::system(full.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(tmp / "out");
  r.err = slurp(tmp / "err");
  return r;
}

inline std::string press_index(const std::string& args) {
  return shell_quote(press_index_bin()) + " " + args;
}
inline std::string press_query(const std::string& args) {
  return shell_quote(press_query_bin()) + " " + args;
}

}  // namespace libsearch::test

#endif  // LIBSEARCH_TESTS_CLI_CLI_SUPPORT_H_
