// libsearch: the whole public API in one include.
//
//   #include <libsearch/libsearch.h>
//
//   libsearch::IndexWriter writer("press.db");
//   libsearch::DiagnosticList problems;
//   libsearch::read_corpus("corpus/", problems,
//                          [&](libsearch::Release&& r) { writer.add(r); });
//   writer.commit();
//
//   libsearch::Searcher searcher({"press.db"});
//   libsearch::SearchRequest request;
//   request.query = "知识产权 protection";
//   request.facets = {"speaker"};
//   for (const libsearch::Hit& hit : searcher.search(request).hits)
//     std::cout << hit.title << ": " << hit.text << "\n";
//
// Headers, one concept each: release.h (the data model), corpus_reader.h
// (readers for .xml, .jsonl and .txt), analyzer.h (text to terms),
// index_writer.h and shards.h (writing), searcher.h and query.h (searching),
// research.h (concordance, timeline), hit.h (results), error.h (the
// exceptions), printable.h (text for a terminal), version.h.
//
// Thread-safety and ownership are stated in each header; in short, result
// and release values are plain data, Analyzer, IndexWriter and Searcher are
// used by one thread at a time, and a Query can be shared freely.
#ifndef LIBSEARCH_LIBSEARCH_H_
#define LIBSEARCH_LIBSEARCH_H_

#include "libsearch/analyzer.h"
#include "libsearch/corpus_reader.h"
#include "libsearch/error.h"
#include "libsearch/hit.h"
#include "libsearch/index_writer.h"
#include "libsearch/printable.h"
#include "libsearch/query.h"
#include "libsearch/release.h"
#include "libsearch/research.h"
#include "libsearch/searcher.h"
#include "libsearch/shards.h"
#include "libsearch/version.h"

#endif  // LIBSEARCH_LIBSEARCH_H_
