# hypre (BoomerAMG algebraic multigrid) for the circuit solver's AMG-preconditioned
# conjugate gradients (src/ecology/circuit_amg.c). Debian's libhypre-dev is built
# with MPI (OpenMPI), so the MPI C library comes with it; the solver runs as one
# MPI process (MPI_COMM_SELF, singleton MPI_Init). Optional: without hypre the
# library builds, and `--solver amg` reports that it is not available.
find_path(HYPRE_INCLUDE_DIR HYPRE_parcsr_ls.h PATH_SUFFIXES hypre)
find_library(HYPRE_LIBRARY NAMES HYPRE)
find_package(MPI COMPONENTS C QUIET)
add_library(je_hypre INTERFACE)
if(HYPRE_INCLUDE_DIR AND HYPRE_LIBRARY AND MPI_C_FOUND)
  message(STATUS "hypre: ${HYPRE_LIBRARY} (AMG-preconditioned CG for large circuits)")
  target_include_directories(je_hypre SYSTEM INTERFACE ${HYPRE_INCLUDE_DIR})
  target_link_libraries(je_hypre INTERFACE ${HYPRE_LIBRARY} MPI::MPI_C)
  target_compile_definitions(je_hypre INTERFACE JE_HAVE_HYPRE=1)
else()
  message(STATUS "hypre or MPI not found: the circuit solver has no AMG path (apt-get install libhypre-dev)")
endif()
