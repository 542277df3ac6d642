/** A client-chosen idempotency key: 8–100 of A–Z a–z 0–9 . _ : - */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]+$/;
export const IDEMPOTENCY_KEY_MESSAGE = "idempotencyKey may contain only letters, digits and . _ : -";
