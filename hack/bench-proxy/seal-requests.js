// Writes N requests sealed and signed as WhatsApp does (fresh AES-128 key wrapped with
// RSA-OAEP-SHA256, AES-128-GCM with a 16-byte IV, tag appended, X-Hub-Signature-256 over the raw
// body), one per line: "<signature>\t<body>". Also writes the plaintext of one request.
// usage: node seal-requests.js <public.pem> <app-secret file> <n> <out> <plain-out>
"use strict";
const crypto = require("crypto");
const fs = require("fs");

const [publicPem, secretFile, n, out, plainOut] = process.argv.slice(2);
const publicKey = crypto.createPublicKey(fs.readFileSync(publicPem));
const appSecret = fs.readFileSync(secretFile);

function plaintext(i) {
  return JSON.stringify({
    version: "3.0",
    action: "data_exchange",
    screen: "APPOINTMENT",
    flow_token: "bench-flow-token-" + i,
    data: { department: "shopping", location: "1", date: "2024-01-01", time: "11:30" },
  });
}

const lines = [];
for (let i = 0; i < Number(n); i++) {
  const aesKey = crypto.randomBytes(16);
  const iv = crypto.randomBytes(16);
  const wrapped = crypto.publicEncrypt(
    { key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    aesKey);
  const gcm = crypto.createCipheriv("aes-128-gcm", aesKey, iv);
  const sealed = Buffer.concat([gcm.update(plaintext(i), "utf8"), gcm.final(), gcm.getAuthTag()]);
  const body = JSON.stringify({
    encrypted_flow_data: sealed.toString("base64"),
    encrypted_aes_key: wrapped.toString("base64"),
    initial_vector: iv.toString("base64"),
  });
  const signature = "sha256=" + crypto.createHmac("sha256", appSecret).update(body).digest("hex");
  lines.push(signature + "\t" + body);
}
fs.writeFileSync(out, lines.join("\n") + "\n");
fs.writeFileSync(plainOut, plaintext(0));
