// Linked into the events tests only (the badge sheet is a PDF). cairo 1.16
// (Debian 12) loses small arrays each time it finishes a PDF surface with
// embedded CFF font subsets, and fontconfig's default configuration is a
// process-wide singleton freed only by FcFini: the libraries' to fix, so
// LeakSanitizer skips leaks allocated inside them; everything else is checked.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
