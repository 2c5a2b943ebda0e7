// A Flows endpoint written the way Meta's Node example is: node's crypto, the plain http module,
// signature checked with the app secret, the key read from PEM for every request (as the
// example's decryptRequest does; KEY_ONCE=1 parses it once instead), the answer sealed with the
// flipped IV. Our own code, for the benchmark only.
// usage: KEY_ONCE=0|1 node node-endpoint.js <port> <private.pem> <app-secret file>
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const http = require("http");

const [port, keyFile, secretFile] = process.argv.slice(2);
const privatePem = fs.readFileSync(keyFile, "utf8");
const appSecret = fs.readFileSync(secretFile);
const parsedOnce = process.env.KEY_ONCE === "1" ? crypto.createPrivateKey(privatePem) : null;
const answer = JSON.stringify({ screen: "DETAILS", data: { slots: ["10:00", "11:00", "12:00"] } });

function signed(raw, header) {
  const expected = Buffer.from(
    "sha256=" + crypto.createHmac("sha256", appSecret).update(raw).digest("hex"));
  const got = Buffer.from(header || "");
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
}

function open(body) {
  const key = parsedOnce || crypto.createPrivateKey({ key: privatePem });
  const aesKey = crypto.privateDecrypt(
    { key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
    Buffer.from(body.encrypted_aes_key, "base64"));
  const data = Buffer.from(body.encrypted_flow_data, "base64");
  const iv = Buffer.from(body.initial_vector, "base64");
  const gcm = crypto.createDecipheriv("aes-128-gcm", aesKey, iv);
  gcm.setAuthTag(data.subarray(-16));
  const json = Buffer.concat([gcm.update(data.subarray(0, -16)), gcm.final()]).toString("utf8");
  return { request: JSON.parse(json), aesKey, iv };
}

function seal(text, aesKey, iv) {
  const gcm = crypto.createCipheriv("aes-128-gcm", aesKey, iv.map((b) => ~b));
  return Buffer.concat([gcm.update(text, "utf8"), gcm.final(), gcm.getAuthTag()]).toString("base64");
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (!signed(raw, req.headers["x-hub-signature-256"])) {
        res.writeHead(432);
        return res.end();
      }
      let opened;
      try {
        opened = open(JSON.parse(raw));
      } catch (e) {
        res.writeHead(421);
        return res.end();
      }
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end(seal(answer, opened.aesKey, opened.iv));
    });
  })
  .listen(Number(port), "127.0.0.1");
