import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// index.html's loading line goes: the app shows its own, in the person's language.
target.replaceChildren();
export default mount(App, { target });
