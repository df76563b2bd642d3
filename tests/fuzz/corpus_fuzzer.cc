// Fuzz target for one corpus reader (the format is chosen at compile time
// with LIBSEARCH_FUZZ_FORMAT) followed by what `press-index add` does with
// each release it gets: passage splitting, speaker and date extraction and
// analysis into Xapian documents. The database itself is not written.
//
// Contract checked: parse_corpus never throws and never crashes, whatever
// the bytes; every release it delivers has an id; every diagnostic has a
// message; building the documents of a delivered release does not throw.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "index/document_builder.h"
#include "libsearch/corpus_reader.h"

#ifndef LIBSEARCH_FUZZ_FORMAT
#error "define LIBSEARCH_FUZZ_FORMAT (kXml, kJsonLines or kText)"
#endif

namespace {

struct CheckingSink : libsearch::DiagnosticSink {
  void report(const libsearch::Diagnostic& d) override {
    LIBSEARCH_FUZZ_CHECK(!d.message.empty());
    LIBSEARCH_FUZZ_CHECK(d.line >= 0 && d.column >= 0);
    LIBSEARCH_FUZZ_CHECK(!d.to_string().empty());
  }
};

constexpr libsearch::CorpusFormat kFormat = libsearch::CorpusFormat::LIBSEARCH_FUZZ_FORMAT;

const char* file_name() {
  switch (kFormat) {
    case libsearch::CorpusFormat::kXml: return "fuzz.xml";
    case libsearch::CorpusFormat::kJsonLines: return "fuzz.jsonl";
    default: return "fuzz.txt";
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static libsearch::detail::DocumentBuilder* builder = new libsearch::detail::DocumentBuilder();
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  CheckingSink sink;
  libsearch::parse_corpus(kFormat, content, file_name(), sink, [](libsearch::Release&& r) {
    LIBSEARCH_FUZZ_CHECK(!r.id.empty());
    const libsearch::detail::PreparedRelease prepared = builder->build(r);
    LIBSEARCH_FUZZ_CHECK(prepared.id == r.id);
    LIBSEARCH_FUZZ_CHECK(!prepared.hash.empty());
  });
  return 0;
}
