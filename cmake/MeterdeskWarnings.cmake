# Compiler warnings and sanitizers for every MeterDesk target (call md_target_defaults(target)).
function(md_target_defaults target)
  # -Wconversion guards the integer money types against silent narrowing.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wnon-virtual-dtor)
  if(MD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(MD_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
