// Named fail points for fault tests: places where a test makes the program
// fail as a real fault would (an unreadable folder, a full disk, a crash),
// deterministically, without sleeps or races.
//
// They are set by the environment variable LIBSEARCH_FAIL_POINTS, a comma-
// separated list of NAME or NAME=VALUE, read once per process. Unset (the
// normal case), every fail point is off and costs one lookup in an empty map.
//
//   LIBSEARCH_FAIL_POINTS=walk-fail=/data/corpus/2019 press-index remove ...
//   LIBSEARCH_FAIL_POINTS=kill-before-swap press-index reindex ...
//
// The points (each documented where it is checked):
//   walk-fail=PATH       reading the folder PATH fails with EIO
//   part-write-fail=N    a part writer's Nth release fails with ENOSPC
//   part-write-terminate=N
//                        ... and ends the process through std::terminate,
//                        as Xapian 1.4.22 can on a full disk
//   kill-before-merge    SIGKILL after the parts are written, before merging
//   kill-before-swap     SIGKILL before a new database is swapped in
//                        (reindex, compact, the merge of parts)
//
// Thread-safety: safe from any thread.
#ifndef LIBSEARCH_FAIL_POINTS_H_
#define LIBSEARCH_FAIL_POINTS_H_

#include <optional>
#include <string>

namespace libsearch::detail {

// The value of fail point `name` ("" when set without a value), or nothing
// when it is not set.
std::optional<std::string> fail_point(const std::string& name);

// Ends the process at once with SIGKILL when fail point `name` is set: what
// a crash or `kill -9` at that place leaves behind.
void kill_point(const std::string& name);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_FAIL_POINTS_H_
