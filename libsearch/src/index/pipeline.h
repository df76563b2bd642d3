// The parallel indexing pipeline behind IndexWriter::add_paths() and
// validate_paths():
//
//   reader thread: lists files, streams them as chunks (a JSON Lines line or
//                  a whole .xml/.txt file), numbers them      -> work queue
//   N workers:     parse the chunk, hash each release, skip it when the
//                  stored hash is the same, else build its documents with
//                  their own DocumentBuilder                   -> results
//   calling thread: takes results in chunk order, drops duplicate ids,
//                  writes through IndexWriter::Impl, reports diagnostics.
//
// Memory is bounded: at most `window` chunks are between the reader and the
// writer at any time (queued, being built, or waiting for their turn).
// Writing in chunk order makes the database the same whatever the number of
// workers. Into an empty database with several workers, the calling thread
// hands release k (in input order) to part writer k mod N, each writing a
// temporary database, merged by compaction at the end (ParallelBuild): the
// same contents, docids the same for the same N.
#ifndef LIBSEARCH_INDEX_PIPELINE_H_
#define LIBSEARCH_INDEX_PIPELINE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"

namespace libsearch::detail {

// Passages a part writer of a parallel build buffers before it flushes.
// Xapian's in-memory inverter keeps a std::map per term keyed by docid, and
// walking those maps (cache misses) dominated the write path with large
// batches: on the Simplified Chinese real corpus file, 2,500 passages per
// flush took 15.3 s of CPU, 600 took 11.7 s, 250 took 11.3 s and 100 took
// 12.0 s (more flushes). Parts are temporary, so their flushes skip fsync.
inline constexpr std::size_t kPartFlushPassages = 400;

// Runs the pipeline over `paths`. With `writer` null nothing is written
// (validation: workers count passages instead of building documents).
// Diagnostics go to `sink` from the calling thread, in input order. Throws
// what the writer throws (IndexError); worker failures other than
// libsearch::Error (reported as bad input) are rethrown here.
IndexSummary run_pipeline(const std::vector<std::string>& paths,
                          IndexWriter::Impl* writer, DiagnosticSink& sink,
                          const IndexingOptions& options);

}  // namespace libsearch::detail

#endif  // LIBSEARCH_INDEX_PIPELINE_H_
