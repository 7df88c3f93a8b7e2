/** `completion`: a bash or zsh completion script, generated from the command declarations. */
import { defineCommand } from '../command.js';
import { bashCompletion, zshCompletion } from '../completion.js';
import { exitCodes, UsageError } from '../io.js';

export default defineCommand({
  name: 'completion',
  summary: { en: 'print a shell completion script (bash or zsh)', 'zh-CN': '输出 shell 补全脚本（bash 或 zsh）' },
  details: {
    en: 'Load it in the current shell with: source <(complaint-playbook completion bash)',
    'zh-CN': '在当前 shell 中加载：source <(complaint-playbook completion bash)',
  },
  arguments: [{ name: 'shell', description: { en: 'bash or zsh', 'zh-CN': 'bash 或 zsh' } }],
  options: [],
  examples: ['completion bash >> ~/.bashrc', 'completion zsh > ~/.zfunc/_complaint-playbook'],
  async run({ io, args, commands }) {
    const shell = args[0];
    if (shell !== 'bash' && shell !== 'zsh') {
      throw new UsageError('INVALID_VALUE', { en: `completion ${String(shell).slice(0, 50)}: the shells are bash and zsh`, 'zh-CN': `completion ${String(shell).slice(0, 50)}：支持的 shell 是 bash 和 zsh` });
    }
    io.stdout(shell === 'bash' ? bashCompletion(commands) : zshCompletion(commands));
    return exitCodes.ok;
  },
});
