// Test helper: Flows encryption with Node's crypto, as Meta's Node example endpoint and a
// WhatsApp client do it (written for this project). Reads stdin, prints to stdout.
//   seal <public.pem>                  stdin: request JSON   -> {"body":{...},"aes_key","iv"}
//   open-response <aesKeyB64> <ivB64>  stdin: base64 answer  -> answer JSON
//   answer <private.pem> <answerFile>  stdin: envelope JSON  -> {"request": <plaintext>, "answer": base64}
"use strict";
const crypto = require("crypto");
const fs = require("fs");

const TAG = 16;
const input = fs.readFileSync(0);
const [command, a, b] = process.argv.slice(2);

function gcmSeal(key, iv, plaintext) {
  const c = crypto.createCipheriv("aes-128-gcm", key, iv);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function gcmOpen(key, iv, sealed) {
  const d = crypto.createDecipheriv("aes-128-gcm", key, iv);
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
}

const flip = (iv) => Buffer.from(iv.map((x) => x ^ 0xff));

if (command === "seal") {
  const key = crypto.randomBytes(16);
  const iv = crypto.randomBytes(16);
  const wrapped = crypto.publicEncrypt(
    { key: fs.readFileSync(a), padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    key);
  process.stdout.write(JSON.stringify({
    body: {
      encrypted_flow_data: gcmSeal(key, iv, input).toString("base64"),
      encrypted_aes_key: wrapped.toString("base64"),
      initial_vector: iv.toString("base64"),
    },
    aes_key: key.toString("base64"),
    iv: iv.toString("base64"),
  }));
} else if (command === "open-response") {
  const sealed = Buffer.from(input.toString("utf8"), "base64");
  process.stdout.write(gcmOpen(Buffer.from(a, "base64"), flip(Buffer.from(b, "base64")), sealed));
} else if (command === "answer") {
  const body = JSON.parse(input.toString("utf8"));
  const key = crypto.privateDecrypt(
    { key: crypto.createPrivateKey(fs.readFileSync(a)), padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(body.encrypted_aes_key, "base64"));
  const iv = Buffer.from(body.initial_vector, "base64");
  const request = gcmOpen(key, iv, Buffer.from(body.encrypted_flow_data, "base64"));
  const answer = gcmSeal(key, flip(iv), fs.readFileSync(b));
  process.stdout.write(JSON.stringify({ request: request.toString("utf8"), answer: answer.toString("base64") }));
} else {
  console.error("unknown command " + command);
  process.exit(2);
}
