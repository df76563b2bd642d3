libsearch/src/passages/date_extractor.cc
libsearch/src/passages/speaker_extractor.cc
libsearch/src/passages/speaker_identity.cc
