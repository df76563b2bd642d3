// press-index progress on stderr: a bar redrawn in place on a terminal, a
// plain line every few seconds otherwise (logs, pipes), nothing with
// --quiet. Diagnostics printed meanwhile go through print_line() so they do
// not mix with the bar.
#ifndef LIBSEARCH_INDEXER_PROGRESS_H_
#define LIBSEARCH_INDEXER_PROGRESS_H_

#include <ostream>
#include <string>

#include "libsearch/index_writer.h"

namespace press_index {

class Progress {
 public:
  enum class Mode { kQuiet, kBar, kLines };
  // Mode from --quiet and whether `fd` is a terminal.
  static Mode mode_for(bool quiet, int fd);

  Progress(Mode mode, std::ostream& out) : mode_(mode), out_(out) {}
  Progress(const Progress&) = delete;  // holds the state of the screen
  Progress& operator=(const Progress&) = delete;

  void update(const libsearch::IndexProgress& p);
  // Prints a full line (a diagnostic), keeping the bar below it.
  void print_line(const std::string& line);

 private:
  std::string describe(const libsearch::IndexProgress& p) const;
  Mode mode_;
  std::ostream& out_;
  bool bar_shown_ = false;
  double last_line_seconds_ = 0;
};

}  // namespace press_index

#endif  // LIBSEARCH_INDEXER_PROGRESS_H_
