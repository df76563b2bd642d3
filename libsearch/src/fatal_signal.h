// For the command-line programs: turns a fatal signal into a clear message
// and exit status 2. Xapian 1.4 can crash on some damaged database blocks
// (a corrupt postlist.glass read by get_metadata, for one); a program that
// meets one should say so, not dump core.
#ifndef LIBSEARCH_FATAL_SIGNAL_H_
#define LIBSEARCH_FATAL_SIGNAL_H_

#include <string>

namespace libsearch::detail {

// Installs handlers for SIGSEGV, SIGBUS, SIGFPE and SIGILL that write
// "<program>: fatal error reading <subject> (it may be damaged; check it
// with xapian-check)" to stderr and exit with status 2. Does nothing in
// sanitizer builds, whose own reports are more useful. Call once, early;
// `subject` may be updated later with set_fatal_signal_subject.
void install_fatal_signal_handler(const char* program);
void set_fatal_signal_subject(const std::string& subject);

// Installs a std::terminate handler for a program that writes databases.
// Xapian 1.4.22 can end the process with std::terminate when a write fails
// (a commit meeting a full disk in a part writer's thread lets a
// Xapian::DatabaseError escape through a frame that may not throw). The
// handler removes the temporary folders this process made (see
// FolderGuard), writes "<program>: <subject>: No space left on device (...)"
// (or, for another error, "<program>: <subject>: fatal error: ...") and
// exits with status 2. The database itself is as of its last commit, as
// after any crash.
void install_terminate_handler(const char* program);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_FATAL_SIGNAL_H_
