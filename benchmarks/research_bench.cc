// Research views' latency: concordance, timeline, collocates and keywords
// for a few queries on
// an existing database, median of several runs, wall and CPU time.
//
//   research_bench DB [QUERY...]     (default queries below)
//
// Prints one line per view and query: occurrences (kwic) or matching
// passages (the others), median
// and slowest wall milliseconds, median CPU milliseconds.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "libsearch/research.h"
#include "libsearch/searcher.h"

namespace {

constexpr int kRuns = 5;

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

void measure(const std::string& view, const std::string& query,
             const std::function<std::size_t()>& run) {
  std::vector<double> wall, cpu;
  std::size_t n = 0;
  run();  // warm the caches: the figures are of a database in memory
  for (int i = 0; i < kRuns; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    n = run();
    cpu.push_back(cpu_ms() - c0);
    wall.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%-26s %-14s %8zu  wall median %8.1f ms  max %8.1f ms  cpu median %8.1f ms\n",
              view.c_str(), query.c_str(), n, wall[kRuns / 2], wall.back(), cpu[kRuns / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: research_bench DB [QUERY...]\n";
    return 2;
  }
  std::vector<std::string> queries(argv + 2, argv + argc);
  if (queries.empty()) queries = {"\"一带一路\"", "\"知识产权\"", "pandemic", "\"合作\""};
  libsearch::Searcher searcher({argv[1]});
  std::printf("%s: %zu passages, %d runs each (count = occurrences for kwic, else matching passages)\n",
              argv[1], searcher.stats().passages, kRuns);
  for (const std::string& q : queries) {
    libsearch::SearchRequest req;
    req.query = q;
    measure("kwic", q, [&] { return libsearch::concordance(searcher, req).occurrences; });
    libsearch::ConcordanceOptions left;
    left.sort = libsearch::ConcordanceSort::kLeft;
    measure("kwic --sort left", q,
            [&] { return libsearch::concordance(searcher, req, left).occurrences; });
    for (const auto unit : {libsearch::DateFacet::kYear, libsearch::DateFacet::kMonth}) {
      libsearch::TimelineOptions o;
      o.unit = unit;
      const std::string name = unit == libsearch::DateFacet::kYear ? "timeline year" : "timeline month";
      measure(name, q, [&] { return libsearch::timeline(searcher, {}, {q}, o).series.at(0).total; });
    }
    libsearch::TimelineOptions by;
    by.unit = libsearch::DateFacet::kMonth;
    by.by = libsearch::TimelineGroup::kSpeaker;
    measure("timeline month --by speaker", q, [&] {
      std::size_t n = 0;
      for (const auto& s : libsearch::timeline(searcher, {}, {q}, by).series) n += s.total;
      return n;
    });
    libsearch::SearchRequest zh;
    zh.langs = {"zh"};
    libsearch::TimelineOptions month;
    month.unit = libsearch::DateFacet::kMonth;
    measure("timeline month --lang zh", q,
            [&] { return libsearch::timeline(searcher, zh, {q}, month).series.at(0).total; });
    measure("collocates", q, [&] { return libsearch::collocates(searcher, req).passages; });
    measure("keywords", q, [&] { return libsearch::keywords(searcher, req).passages; });
  }
  libsearch::SearchRequest speaker;
  speaker.speakers = {"华春莹"};
  speaker.from = "2019-01-01";
  speaker.to = "2019-12-31";
  measure("keywords", "speaker+2019", [&] { return libsearch::keywords(searcher, speaker).passages; });
}
