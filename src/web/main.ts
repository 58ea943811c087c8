import { PlaygroundApp } from './app.js';
import yaml from './playground.yaml';

// The page's entry: the bundled cluster, or a message in the page if it cannot start.
try {
  new PlaygroundApp(yaml, 'playground.yaml');
} catch (error) {
  const box = document.getElementById('error');
  if (box !== null) {
    box.style.display = 'block';
    box.textContent = `The playground could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
  throw error;
}
