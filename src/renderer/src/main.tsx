import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Placeholder() {
  return <p>Crisis Casebook</p>;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Placeholder />
  </StrictMode>,
);
