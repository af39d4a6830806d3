"""The payments that Prism answers with in tests, by example name.

Prism serves PortOne's own API description; its generated examples are
placeholders, so tests name one of these with ``Prefer: example=NAME``. They
follow PortOne's schemas (the SDK refuses anything else). All are in won, for
the 10,000 or 30,000 won that the tests give.
"""

from __future__ import annotations

import json
import sys

STORE_ID = "store-nkhr-test"
TIME = "2026-12-01T09:00:00Z"


def _payment(status: str, total: int, **extra) -> dict:
    payment = {
        "status": status,
        "id": "recorded-payment",
        "transactionId": "tx-recorded",
        "merchantId": "merchant-nkhr-test",
        "storeId": STORE_ID,
        "channel": {
            "type": "TEST",
            "pgProvider": "TOSSPAYMENTS",
            "pgMerchantId": "tosspayments-test",
        },
        "version": "V2",
        "requestedAt": TIME,
        "updatedAt": TIME,
        "statusChangedAt": TIME,
        "orderName": "NKHR",
        "amount": {
            "total": total,
            "taxFree": 0,
            "discount": 0,
            "paid": total if status in ("PAID", "CANCELLED") else 0,
            "cancelled": total if status == "CANCELLED" else 0,
            "cancelledTaxFree": 0,
        },
        "currency": "KRW",
        "customer": {},
        # Required by portone-server-sdk 0.21, newer than the vendored spec.
        "origin": {"platformType": "PC", "ipAddress": "127.0.0.1"},
    }
    payment.update(extra)
    return payment


def _cancellation(total: int) -> dict:
    return {
        "status": "SUCCEEDED",
        "id": "cancel-recorded",
        "totalAmount": total,
        "taxFreeAmount": 0,
        "vatAmount": 0,
        "reason": "donor asked",
        "requestedAt": TIME,
        "cancelledAt": TIME,
    }


def examples() -> dict[str, dict]:
    found = {}
    for total in (10000, 30000):
        found[f"paid_{total}"] = _payment("PAID", total, paidAt=TIME, disputes=[])
        found[f"failed_{total}"] = _payment(
            "FAILED",
            total,
            failedAt=TIME,
            failure={"reason": "card declined", "pgCode": "REJECT"},
        )
        found[f"cancelled_{total}"] = _payment(
            "CANCELLED",
            total,
            paidAt=TIME,
            cancelledAt=TIME,
            cancellations=[_cancellation(total)],
        )
        found[f"ready_{total}"] = _payment("READY", total)
    found["paid_10000_usd"] = {**found["paid_10000"], "currency": "USD"}
    return found


def billing_keys() -> dict[str, dict]:
    issued = {
        "status": "ISSUED",
        "billingKey": "billing-key-recorded",
        "merchantId": "merchant-nkhr-test",
        "storeId": STORE_ID,
        "methods": [{"type": "BillingKeyPaymentMethodCard"}],
        "channels": [
            {
                "type": "TEST",
                "pgProvider": "TOSSPAYMENTS",
                "pgMerchantId": "tosspayments-test",
            }
        ],
        "customer": {},
        "issueId": "nkhr-bk-recorded",
        "requestedAt": TIME,
        "issuedAt": TIME,
    }
    return {"issued": issued, "other_store": {**issued, "storeId": "store-other"}}


def rewrite(spec: dict) -> dict:
    """The spec as Prism must serve it here.

    - PortOne's secret-key scheme (``Authorization: PortOne <secret>``), which
      the SDK uses, is not an HTTP scheme Prism knows: it would answer 401 to
      every request. Described as an API key in the Authorization header, it
      is still required, and Prism lets the SDK's requests through.
    - The recorded payments above become named examples of ``GET /payments/{id}``,
      the recorded billing keys of ``GET /billing-keys/{key}``.
    - A billing-key charge answers with a paid summary.
    """
    spec["components"]["securitySchemes"]["portOne"] = {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
    }
    content = spec["paths"]["/payments/{paymentId}"]["get"]["responses"]["200"][
        "content"
    ]["application/json"]
    content["examples"] = {name: {"value": value} for name, value in examples().items()}
    keys = spec["paths"]["/billing-keys/{billingKey}"]["get"]["responses"]["200"][
        "content"
    ]["application/json"]
    keys["examples"] = {name: {"value": v} for name, v in billing_keys().items()}
    charge = spec["paths"]["/payments/{paymentId}/billing-key"]["post"]["responses"][
        "200"
    ]["content"]["application/json"]
    charge["example"] = {"payment": {"pgTxId": "pg-tx-recorded", "paidAt": TIME}}
    return spec


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as handle:
        spec = json.load(handle)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(rewrite(spec), handle, ensure_ascii=False)
