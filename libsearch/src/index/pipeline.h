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

#include <string>
#include <vector>

#include "libsearch/corpus_reader.h"
#include "libsearch/index_writer.h"

namespace libsearch::detail {

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
