// The trivial app behind the proxy: reads the JSON request, answers the next screen.
// usage: node upstream.js <port>
"use strict";
const http = require("http");

const answer = JSON.stringify({ screen: "DETAILS", data: { slots: ["10:00", "11:00", "12:00"] } });
http
  .createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(answer);
    });
  })
  .listen(Number(process.argv[2]), "127.0.0.1");
