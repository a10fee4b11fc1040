// Linked into the certificate tests only. cairo 1.16 (Debian 12) loses two
// small arrays each time it finishes a PDF surface with embedded CFF font
// subsets (inside cairo_surface_finish; about 1.5 KB a certificate). That is
// the library's to fix, not ours to free, so LeakSanitizer skips leaks
// allocated inside libcairo. Our own cairo objects are all held by RAII
// wrappers (pdf_renderer.cpp), and everything else is still checked.
// fontconfig's default configuration, loaded the first time a pattern is
// substituted (printable_text.cpp asks which characters the fonts draw), is
// a process-wide singleton the library frees only in FcFini, which pango
// may still need at exit: its allocations are skipped too.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
