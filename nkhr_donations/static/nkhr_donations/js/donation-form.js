// The donation form shows, for the currency chosen, only its amounts and the
// ways of giving that take it; the card/easy-pay choice only for a one-time
// PortOne gift; the resident registration number only when a Korean tax
// receipt is asked for. Without this script everything is shown, and the
// server refuses any combination that does not fit.
const form = document.querySelector(".donation-form");

function checked(name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : "";
}

function update() {
  const currency = checked("currency");
  for (const group of form.querySelectorAll(".amount-choices[data-currency]")) {
    const shown = group.dataset.currency === currency;
    group.hidden = !shown;
    if (!shown) {
      for (const input of group.querySelectorAll("input:checked")) input.checked = false;
    }
  }
  const options = [...form.querySelectorAll(".method-option[data-currencies]")];
  for (const option of options) {
    option.hidden = !option.dataset.currencies.split(" ").includes(currency);
    const input = option.querySelector("input");
    if (option.hidden && input.checked) input.checked = false;
  }
  if (!checked("method")) {
    const first = options.find((option) => !option.hidden);
    if (first) first.querySelector("input").checked = true;
  }
  const payMethod = form.querySelector(".pay-method-choice");
  if (payMethod) {
    payMethod.hidden = !(
      checked("method") === payMethod.dataset.method &&
      checked("frequency") === payMethod.dataset.frequency
    );
  }
  const receipt = form.querySelector('input[name="wants_receipt"]');
  const nationalId = form.querySelector(".field-national_id");
  if (receipt && nationalId) nationalId.hidden = !receipt.checked;
}

if (form) {
  form.addEventListener("change", update);
  update();
}
