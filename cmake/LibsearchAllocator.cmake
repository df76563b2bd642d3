# press-index allocates through jemalloc when it is installed
# (Debian: libjemalloc-dev). Indexing allocates a tree node for every term of
# every passage, in Xapian's documents and in its writer's buffers, and
# frees them from other threads than the ones that allocated them; with
# jemalloc, press-index --jobs 2 runs about 10% faster on the real corpus
# (12% at 10x). Searching showed no difference beyond noise, so press-query
# keeps the C library's. The library itself leaves the allocator to the
# program that embeds it. Sanitizer builds keep the sanitizers' allocator.
option(LIBSEARCH_JEMALLOC "Link press-index with jemalloc when it is installed" ON)

if(LIBSEARCH_JEMALLOC AND NOT LIBSEARCH_SANITIZE)
  find_library(LIBSEARCH_JEMALLOC_PATH NAMES jemalloc)
  if(LIBSEARCH_JEMALLOC_PATH)
    message(STATUS "press-index allocates with jemalloc: ${LIBSEARCH_JEMALLOC_PATH}")
  else()
    message(STATUS "press-index allocates with the C library's malloc "
                   "(libjemalloc-dev would make indexing about 10% faster)")
  endif()
endif()

# Makes `target` (a program) allocate with jemalloc when it was found: the
# library is loaded before the C library, so its malloc serves every
# library in the process.
function(libsearch_use_allocator target)
  if(LIBSEARCH_JEMALLOC AND NOT LIBSEARCH_SANITIZE AND LIBSEARCH_JEMALLOC_PATH)
    target_link_libraries(${target} PRIVATE "-Wl,--push-state,--no-as-needed"
                          "${LIBSEARCH_JEMALLOC_PATH}" "-Wl,--pop-state")
  endif()
endfunction()
