#include "fatal_signal.h"

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace libsearch::detail {
namespace {

// The message is composed before any signal arrives: a handler may only
// call async-signal-safe functions (write, _exit).
char g_message[1024] = "fatal error\n";

extern "C" void on_fatal_signal(int) {
  const ssize_t n = ::write(STDERR_FILENO, g_message, std::strlen(g_message));
  (void)n;
  ::_exit(2);
}

const char* g_program = "libsearch";

void compose(const std::string& subject) {
  std::string m = std::string(g_program) + ": fatal error reading " +
                  (subject.empty() ? std::string("the database") : subject) +
                  " (it may be damaged; check it with xapian-check)\n";
  if (m.size() >= sizeof g_message) m = std::string(g_program) + ": fatal error (a damaged database?)\n";
  std::memcpy(g_message, m.c_str(), m.size() + 1);
}

}  // namespace

void install_fatal_signal_handler(const char* program) {
#if defined(__SANITIZE_ADDRESS__)
  (void)program;
#else
  g_program = program;
  compose("");
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, on_fatal_signal);
#endif
}

void set_fatal_signal_subject(const std::string& subject) { compose(subject); }

}  // namespace libsearch::detail
