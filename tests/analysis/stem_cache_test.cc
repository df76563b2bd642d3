#include <algorithm>
#include <string>
#include <vector>

#include "libsearch/analyzer.h"
#include "test_support.h"

TEST_CASE("stems stay right past the stem cache's bound", "[analysis]") {
  // More distinct words than the analyzer remembers stems for (1 << 16), each
  // seen twice: the second time comes after the cache has been emptied for
  // some and is a hit for others.
  const char* const endings[] = {"ing", "ed", "ations", "s", "ness", ""};
  std::vector<std::string> words;
  for (int i = 0; i < 70000; ++i) {
    std::string w;
    for (int n = i; n > 0 || w.empty(); n /= 26) w += static_cast<char>('a' + n % 26);
    words.push_back(w + endings[i % 6]);
  }
  libsearch::Analyzer a;
  for (int pass = 0; pass < 2; ++pass) {
    std::string text;
    for (const std::string& w : words) text += w + " ";
    const std::vector<libsearch::Term> terms = a.terms(text);
    REQUIRE(terms.size() == 2 * words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
      INFO("word " << words[i]);
      REQUIRE(terms[2 * i].term == words[i]);
      REQUIRE(terms[2 * i + 1].term == "Z" + a.stem(words[i]));
    }
    std::reverse(words.begin(), words.end());
  }
}
