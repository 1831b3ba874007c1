// A tiny SMTP server on 127.0.0.1 (a free port) that offers STARTTLS with the given certificate, for
// the probe's end-to-end tests: the UI test (Node) and the extension-host suite both start one.
// It answers EHLO, STARTTLS and QUIT, and 502 to anything else; it records every line it receives.
// CommonJS, so that both `require` (extension host) and `import` (node --test) can load it.
const net = require('net');
const tls = require('tls');

/** @returns {Promise<{ port: number, lines: string[], close: () => Promise<void> }>} */
function startSmtpServer({ cert, key, name = 'probe-e2e.test' }) {
  const context = tls.createSecureContext({ cert, key });
  const lines = [];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let out = socket;
    let secure = false;
    const onLine = (line) => {
      lines.push(line);
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') out.write(secure ? `250-${name}\r\n250 8BITMIME\r\n` : `250-${name}\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n`);
      else if (verb === 'STARTTLS' && !secure) {
        out.write('220 2.0.0 Ready to start TLS\r\n');
        socket.removeAllListeners('data');
        const t = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
        t.on('error', () => undefined);
        secure = true;
        out = t;
        read(t);
      } else if (verb === 'QUIT') {
        out.write('221 2.0.0 Bye\r\n');
        out.end();
      } else out.write('502 5.5.2 Error: command not recognized\r\n');
    };
    const read = (stream) => {
      let buf = '';
      stream.on('data', (d) => {
        buf += d.toString('latin1');
        for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
          const line = buf.slice(0, i).replace(/\r$/, '');
          buf = buf.slice(i + 1);
          onLine(line);
        }
      });
    };
    read(socket);
    socket.write(`220 ${name} ESMTP\r\n`);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        lines,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    );
  });
}

module.exports = { startSmtpServer };
