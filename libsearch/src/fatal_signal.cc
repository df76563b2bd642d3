#include "fatal_signal.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

#include <xapian.h>

#include "index/folders.h"
#include "index/index_writer_internal.h"

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
std::string g_subject;  // set before any thread starts; read by the handlers

// Whether the file system holding `path` (or its folder) has less than
// 1 MiB left for this user.
bool file_system_full(const std::string& path) {
  if (path.empty()) return false;
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) {
    const std::string::size_type slash = path.rfind('/');
    const std::string parent = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    if (::statvfs(parent.c_str(), &st) != 0) return false;
  }
  return static_cast<unsigned long long>(st.f_bavail) * st.f_frsize < (1ull << 20);
}

[[noreturn]] void on_terminate() {
  static std::atomic<bool> ending{false};
  if (ending.exchange(true)) {
    // Another thread is already ending the process.
    for (;;) ::pause();
  }
  // Without an active exception (seen too when Xapian 1.4.22 meets a full
  // disk), the file system tells: checked before the temporary folders are
  // removed, which frees their space.
  bool disk_full = file_system_full(g_subject);
  remove_own_temporary_folders();
  std::string what = disk_full ? std::strerror(ENOSPC) : "unexpected error";
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const Xapian::Error& x) {
      what = x.get_description();
      if (const char* reason = disk_full_reason(x)) {
        disk_full = true;
        what = reason + std::string(" (") + x.get_description() + ")";
      }
    } catch (const std::exception& x) {
      what = x.what();
    } catch (...) {
      // Nothing more to say than "unexpected error".
    }
  }
  const std::string subject = g_subject.empty() ? std::string("the database") : g_subject;
  const std::string m =
      std::string(g_program) + ": " + subject + ": " + (disk_full ? "" : "fatal error: ") + what +
      "; the temporary folders of this run were removed and the database keeps what was "
      "committed before" +
      (disk_full ? "; free some space, then run the command again\n" : "\n");
  const ssize_t n = ::write(STDERR_FILENO, m.data(), m.size());
  (void)n;
  ::_exit(2);
}

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

void set_fatal_signal_subject(const std::string& subject) {
  g_subject = subject;
  compose(subject);
}

void install_terminate_handler(const char* program) {
  g_program = program;
  std::set_terminate(on_terminate);
}

}  // namespace libsearch::detail
