// Linked into the app tests only: the demo draws its event cover and sponsor
// logos with cairo's text, and the demo certificates are PDFs. fontconfig's
// default configuration is a process-wide singleton freed only by FcFini,
// and cairo 1.16 (Debian 12) loses small arrays when it finishes a PDF with
// embedded font subsets: the libraries' to fix, so LeakSanitizer skips
// leaks allocated inside them; everything else is checked.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}
