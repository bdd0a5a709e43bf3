# harness/hostmpi.mk: sources and unit tests of this area (harness_libparityharness_a_SOURCES +=, UNIT_TESTS +=).
