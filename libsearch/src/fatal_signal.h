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

}  // namespace libsearch::detail

#endif  // LIBSEARCH_FATAL_SIGNAL_H_
