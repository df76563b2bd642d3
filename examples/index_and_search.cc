// Indexes a folder of press releases and searches it.
//
//   index_and_search CORPUS_DIR DB_DIR QUERY
//
// Prints each hit with its citation and the matched words in [brackets].
// Exit status: 0 hits, 1 no hits, 2 error.
#include <iostream>
#include <string>

#include <libsearch/libsearch.h>

namespace {

// Reports bad input without stopping: one bad release never sinks a batch.
class StderrSink : public libsearch::DiagnosticSink {
 public:
  void report(const libsearch::Diagnostic& d) override {
    std::cerr << "index_and_search: " << d.to_string() << "\n";
  }
};

std::string marked(const libsearch::Hit& hit) {
  std::string out;
  std::size_t at = 0;
  for (const libsearch::Span& s : hit.highlights) {
    out += hit.text.substr(at, s.byte_start - at) + "[" +
           hit.text.substr(s.byte_start, s.byte_end - s.byte_start) + "]";
    at = s.byte_end;
  }
  return out + hit.text.substr(at);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: index_and_search CORPUS_DIR DB_DIR QUERY\n";
    return 2;
  }
  try {
    {
      libsearch::IndexWriter writer(argv[2]);
      StderrSink sink;
      std::size_t added = 0;
      libsearch::read_corpus(argv[1], sink, [&](libsearch::Release&& release) {
        if (writer.add(release) != libsearch::AddOutcome::kUnchanged) ++added;
      });
      writer.commit();
      std::cerr << "index_and_search: " << added << " releases added or updated\n";
    }

    libsearch::Searcher searcher({argv[2]});
    libsearch::SearchRequest request;
    request.query = argv[3];
    request.per_release = 1;
    request.limit = 5;
    const libsearch::SearchResults results = searcher.search(request);
    for (const std::string& w : results.warnings) std::cerr << "index_and_search: " << w << "\n";
    std::cout << results.total << " passages match \"" << results.query << "\"\n";
    for (const libsearch::Hit& hit : results.hits) {
      std::cout << hit.rank << ". " << hit.title << " (" << hit.source << ", "
                << (hit.date.empty() ? "undated" : hit.date) << ")\n";
      if (hit.speaker) std::cout << "   " << hit.speaker->name << ":\n";
      std::cout << "   " << marked(hit) << "\n";
    }
    return results.hits.empty() ? 1 : 0;
  } catch (const libsearch::Error& e) {
    std::cerr << "index_and_search: " << e.what() << "\n";
    return 2;
  }
}
