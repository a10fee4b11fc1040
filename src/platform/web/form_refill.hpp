// A form that failed is shown again in place: the page it was on is rendered
// as usual, then its form (found by its action) gets back what was typed and
// the field at fault is marked (aria-invalid, a message beside it). Working on
// the rendered page keeps this in one place instead of in every template.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace moim::web {

struct FieldProblem {
  std::string field;    // the control's name; empty: the form as a whole
  std::string message;  // already translated, plain text (escaped here)
};

// Text made safe for HTML content and quoted attributes.
std::string escape_html(std::string_view text);

// In `html`, the first <form> whose action is `action` (a path): text inputs,
// textareas, selects, checkboxes and radios take the typed `values` (form
// pairs, repeated names allowed; passwords, files and hidden fields are left
// as rendered), and the control named `problem.field` (or, failing that, the
// first whose name starts with it and "_") gets aria-invalid="true" and
// aria-describedby pointing at a role="alert" message placed after it. With
// no such control, the message opens the form. False when no form matches.
bool refill_form(std::string& html, std::string_view action,
                 const std::vector<std::pair<std::string, std::string>>& values,
                 const FieldProblem& problem);

}  // namespace moim::web
