// English reporting clauses (passages/speaker_english.cc) and the
// continuations that follow them (speaker_extractor.cc).
#include <string>
#include <vector>

#include "passages/speaker_test_support.h"
#include "test_support.h"

namespace libsearch {
namespace {

using test::SpeakerRow;

constexpr char kBrooklyn[] = "Kings County (Brooklyn) District Attorney's Office, New York";

void check_rows(const std::vector<SpeakerRow>& rows) {
  for (const SpeakerRow& row : rows) {
    SECTION(row.what) { CHECK(test::attribute_row(row) == row.expected); }
  }
}

TEST_CASE("English reporting clauses", "[passages][speakers]") {
  check_rows({
      {"name, role, said",
       "Press conference",
       {"On February 10th, a press conference was held. Liu Meiying, Member of "
        "the Party Leadership Group of Beijing Municipal Bureau of Commerce and "
        "Deputy Director of the Two Zones Office, said that the goals are set.",
        "Wang Ying said that the pilot program saw progress.",
        "He said that more would follow.",
        "(Reporter: Zhang Lu)"},
       {"Liu Meiying|Member of the Party Leadership Group of Beijing Municipal "
        "Bureau of Commerce and Deputy Director of the Two Zones Office",
        "Wang Ying|", "Wang Ying|", "-"}},
      {"title + surname resolves to the introduced person",
       "Three Indicted",
       {"Brooklyn District Attorney Eric Gonzalez, together with Commissioner "
        "Margaret Garnett, today announced that three women were indicted.",
        "District Attorney Gonzalez said, “These defendants allegedly conspired.",
        "“They will be held accountable.”",
        "Commissioner Garnett said, “Protecting housing matters.”",
        "The defendants allegedly told the victims that the fee was legal.",
        "The District Attorney said that, according to the indictment, the "
        "scheme ran for years.",
        "“We will not tolerate this,” said District Attorney Gonzalez."},
       {"Eric Gonzalez|District Attorney", "Eric Gonzalez|District Attorney",
        "Eric Gonzalez|District Attorney", "Margaret Garnett|Commissioner", "-",
        "Eric Gonzalez|District Attorney", "Eric Gonzalez|District Attorney"}},
      {"narration has no speaker",
       "Sentencing",
       {"The defendant was sentenced to 12 years in prison.",
        "Police said the car was stolen.",
        "The case was investigated by Detective John Smith of the NYPD.",
        "District Attorney Thompson said, “This was senseless.”",
        "An eyewitness testified that she saw the defendant. He said, “Run.”"},
       {"-", "-", "-", "-", "-"}},
      {"a title and name after an organisation, particles, joint announcers (case 3)",
       "Landlords Plead Guilty",
       {"Governor Andrew M. Cuomo and Acting Brooklyn District Attorney Eric Gonzalez today "
        "announced that two landlords pleaded guilty.",
        "Mayor Bill de Blasio said, “This administration has no tolerance for this.”",
        "New York City Department of Buildings Commissioner Rick Chandler said, “We will work on.”",
        "The Acting District Attorney said that the defendants harassed tenants."},
       {"Andrew M. Cuomo|Governor", "Bill de Blasio|Mayor", "Rick Chandler|Commissioner",
        "Eric Gonzalez|Acting District Attorney"}},
      {"a headline's name ends at the name",
       "Brooklyn District Attorney Eric Gonzalez Announces Creation of Street Safety Bureau",
       {"The District Attorney said that the bureau starts today."},
       {"Eric Gonzalez|District Attorney"}},
  });
}

TEST_CASE("English attribution after the words (case 5)", "[passages][speakers]") {
  check_rows({
      {"after a quotation of several sentences",
       "Bureau",
       {"Brooklyn District Attorney Eric Gonzalez today announced a bureau.",
        "“Dangerous drivers face little accountability. I am encouraged by this. It will "
        "help,” said Council Member Brad Lander."},
       {"Eric Gonzalez|District Attorney", "Brad Lander|Council Member"}},
      {"an initial and an abbreviation inside the name",
       "Warrants",
       {"“This frees citizens to move on,” said Rev. Anthony L. Trufant, Senior Pastor."},
       {"Anthony L. Trufant|Rev."}},
      {"the attribution printed as the next paragraph, and the quote after it",
       "Masks",
       {"“Even throughout this pandemic, responders risk their lives,”",
        "Axon CEO and founder Rick Smith said.",
        "“Axon’s mission is to protect life.”"},
       {"Rick Smith|", "Rick Smith|", "Rick Smith|"}},
      {"'…,” said' ending a paragraph, the name opening the next",
       "Prosecutors",
       {"“Justice requires a careful consideration of the facts,” said",
        "DA Gonzalez. “This is best done at the local level.”"},
       {"Eric Gonzalez|DA", "Eric Gonzalez|DA"}, kBrooklyn, "2019-08-02"},
  });
}

TEST_CASE("English accounts carried on and office holders (cases 1, 2, 4)",
          "[passages][speakers]") {
  check_rows({
      {"an account in indirect speech goes on until the narration resumes",
       "Indicted",
       {"Brooklyn District Attorney Ken Thompson today announced an indictment.",
        "The District Attorney said that, according to the indictment, the defendant sold "
        "policies.",
        "The defendant allegedly developed relationships with his clients.",
        "The case was investigated by Detective Mark Lombardo.",
        "An indictment is an accusatory instrument."},
       {"Ken Thompson|District Attorney", "Ken Thompson|District Attorney",
        "Ken Thompson|District Attorney", "-", "-"}},
      {"facts described 'as follows:'",
       "Conviction vacated",
       {"The District Attorney described the facts of the case as follows: On November 18, "
        "1991, a man called 911.",
        "The case was classified as a robbery.",
        "After examining all of the facts, the unit recommended vacating the conviction."},
       {"Ken Thompson|District Attorney", "Ken Thompson|District Attorney", "-"},
       kBrooklyn, "2016-02-23"},
      {"a title alone in a release that never names the holder",
       "Sentenced",
       {"The District Attorney said that the defendant was sentenced.",
        "The District Attorney said that the defendant was sentenced."},
       {"Eric Gonzalez|District Attorney", "Eric Gonzalez|District Attorney"},
       kBrooklyn, "2019-05-01"},
      {"the holder on the release's date",
       "Sentenced",
       {"The District Attorney said that the defendant was sentenced."},
       {"Ken Thompson|District Attorney"}, kBrooklyn, "2015-05-01"},
      {"no holder for another source",
       "Sentenced",
       {"The District Attorney said that the defendant was sentenced."},
       {"-"}, "Some Other Office", "2015-05-01"},
      {"a first-person statement release is the office holder's",
       "Statement",
       {"“My office vigorously prosecuted this case because the evidence established it.",
        "While our recommendation was fair, we respectfully disagree with the sentence.”"},
       {"Ken Thompson|District Attorney", "Ken Thompson|District Attorney"}, kBrooklyn,
       "2016-04-19"},
      {"a pronoun does not reach across a heading",
       "Highlights",
       {"Zhou Liquan said that protection centres were set up.", "## Highlight Two",
        "He said that more would follow."},
       {"Zhou Liquan|", "-"}},
  });
}

}  // namespace
}  // namespace libsearch
