# Install rules for the programs, the CMake package (find_package(libsearch)
# giving libsearch::libsearch) and the pkg-config file. The library and its
# headers are installed by libsearch/CMakeLists.txt.
include(CMakePackageConfigHelpers)

install(TARGETS press-index press-query
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
if(TARGET press-serve)
  install(TARGETS press-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()

set(LIBSEARCH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/libsearch)
install(EXPORT libsearchTargets
  NAMESPACE libsearch::
  DESTINATION ${LIBSEARCH_CMAKE_DIR}
  COMPONENT development)

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/libsearchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/libsearchConfig.cmake
  INSTALL_DESTINATION ${LIBSEARCH_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/libsearchConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/libsearchConfig.cmake
  ${PROJECT_BINARY_DIR}/libsearchConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/XapianTarget.cmake
  DESTINATION ${LIBSEARCH_CMAKE_DIR}
  COMPONENT development)

# pkg-config: `pkg-config --cflags --libs libsearch` (add --static for the
# static library's own dependencies).
# Paths relative to the .pc file, so the tree works wherever it is installed
# (cmake --install --prefix DIR).
file(RELATIVE_PATH LIBSEARCH_PC_TO_PREFIX
     "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" LIBSEARCH_PC_TO_PREFIX "${LIBSEARCH_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/libsearch.pc.in
               ${PROJECT_BINARY_DIR}/libsearch.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/libsearch.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT development)
