// Opens PortOne's payment window with the request the server prepared, then
// sends the donor to the "done" address, where the server checks the payment
// with PortOne. What this script reports is never trusted by the server.
import * as PortOne from "../vendor/portone-browser-sdk/v2.js";

const button = document.querySelector(".portone-pay");
const request = JSON.parse(document.getElementById("portone-request").textContent);
const statusLine = document.querySelector(".checkout-status");
const failedLine = document.querySelector(".checkout-failed");

function finish(params) {
  const url = new URL(button.dataset.doneUrl);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) url.searchParams.set(key, value);
  }
  window.location.assign(url.toString());
}

button.addEventListener("click", async () => {
  button.disabled = true;
  statusLine.hidden = false;
  failedLine.hidden = true;
  try {
    if (button.dataset.monthly === "true") {
      const response = await PortOne.requestIssueBillingKey(request);
      if (response === undefined) return; // redirected to the card company
      finish({ billingKey: response.billingKey, code: response.code });
    } else {
      const response = await PortOne.requestPayment(request);
      if (response === undefined) return;
      finish({ paymentId: response.paymentId || request.paymentId, code: response.code });
    }
  } catch (error) {
    failedLine.hidden = false;
    statusLine.hidden = true;
    button.disabled = false;
  }
});
