// Starts the webhook on the shipped playbooks, or on a folder of your own:
//   npx tsx examples/webhook/main.ts [playbooks-folder] [port]
//   curl -s localhost:3000/evaluate/retail?locale=en -H 'content-type: application/json' \
//        -d @examples/retail-fly-in-yogurt.json
import { shippedPlaybooksDir } from 'complaint-playbook/node';
import { buildServer } from './server.js';

const app = await buildServer({ playbooksDir: process.argv[2] || shippedPlaybooksDir() });
await app.listen({ port: Number(process.argv[3] || 3000), host: '127.0.0.1' });
