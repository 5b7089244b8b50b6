# The GPU machine's build (scripts/device-check-kernels.sh): the CUDA kernels, the CPU reference
# they are compared with, the op-by-op equivalence suite and the kernel benchmark, and nothing
# that needs the Debian development packages a bare GPU image lacks. Eigen, fmt (header-only) and
# GoogleTest come from ROTOSCOPE_DEPS, a folder the script packs from this machine's packages.
set(ROTOSCOPE_DEPS "" CACHE PATH "Folder with include/eigen3, include/fmt and src/googletest")
if(NOT EXISTS "${ROTOSCOPE_DEPS}/include/eigen3/Eigen/Core")
  message(FATAL_ERROR "ROTOSCOPE_KERNEL_CHECK needs ROTOSCOPE_DEPS (scripts/device-check-kernels.sh --pack makes it)")
endif()
set(ROTOSCOPE_CUDA ON CACHE STRING "" FORCE)
include(cmake/Cuda.cmake)
find_package(OpenMP REQUIRED)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
add_subdirectory(${ROTOSCOPE_DEPS}/src/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)

set(_e ${CMAKE_SOURCE_DIR}/engine)
file(GLOB _kernels ${_e}/backend/cuda/*.cu)
add_library(rotoscope_kernels STATIC
  ${_kernels}
  ${_e}/backend/cuda/cuda_backend.cpp
  ${_e}/backend/cuda/device_forward.cpp
  ${_e}/backend/cpu/cpu_backend.cpp
  ${_e}/backend/cpu/llamacpp_numerics.cpp
  ${_e}/backend/backend_spec.cpp
  ${_e}/backend/reference_attention.cpp
  ${_e}/backend/reference_cholesky.cpp
  ${_e}/backend/reference_gram.cpp
  ${_e}/backend/reference_ops.cpp
  ${_e}/core/untrusted_text.cpp
  ${_e}/model/model.cpp
  ${_e}/quant/fake_quant.cpp
  ${_e}/quant/format.cpp
  ${_e}/quant/group_quantizer.cpp
  ${_e}/quant/minifloat.cpp
  ${_e}/quant/minifloat_table.cpp
  ${_e}/rotate/hadamard.cpp
  ${_e}/rotate/hadamard_orders.cpp
  ${_e}/model/rope_frequencies.cpp
  ${_e}/runtime/rope.cpp)
set_source_files_properties(${_e}/backend/cuda/quant_kernels.cu PROPERTIES COMPILE_OPTIONS "-fmad=false")
set_source_files_properties(${_e}/quant/group_quantizer.cpp PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
# The product's CPU flags, so that the check compares what the product computes.
target_compile_options(rotoscope_kernels PUBLIC $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
target_include_directories(rotoscope_kernels PUBLIC ${_e} ${ROTOSCOPE_DEPS}/include/eigen3 ${ROTOSCOPE_DEPS}/include)
target_compile_definitions(rotoscope_kernels PUBLIC ROTOSCOPE_HAVE_CUDA=1 FMT_HEADER_ONLY EIGEN_DONT_PARALLELIZE)
target_link_libraries(rotoscope_kernels PUBLIC CUDA::cudart CUDA::cublas CUDA::cusolver OpenMP::OpenMP_CXX)

foreach(t backend_ops_test backend_spec_test cuda_backend_test device_pass_test)
  add_executable(${t} ${CMAKE_SOURCE_DIR}/tests/engine/${t}.cpp)
  target_link_libraries(${t} PRIVATE rotoscope_kernels GTest::gtest GTest::gtest_main)
endforeach()
add_executable(rotoscope_cuda_bench ${CMAKE_SOURCE_DIR}/bench/bench_cuda_kernels.cpp)
target_link_libraries(rotoscope_cuda_bench PRIVATE rotoscope_kernels)
add_executable(rotoscope_device_pass_bench ${CMAKE_SOURCE_DIR}/bench/bench_device_pass.cpp)
target_link_libraries(rotoscope_device_pass_bench PRIVATE rotoscope_kernels)
