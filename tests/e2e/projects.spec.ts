import { expect, newUser, signUpThroughForm, test } from './fixtures';

test('a project is created from the dashboard, filled with tasks, edited and deleted', async ({ page }) => {
  await signUpThroughForm(page);
  await expect(page.getByText('No projects yet — create your first one below.')).toBeVisible();

  await page.getByLabel('Project name').fill('Garden shed');
  await page.getByLabel('Description').fill('Build it before winter.\nTimber, not plastic.');
  await page.getByRole('button', { name: 'Create project' }).click();
  const projectLink = page.getByRole('link', { name: 'Garden shed' });
  await expect(projectLink).toBeVisible();
  await expect(page.getByLabel('Project name')).toHaveValue('');
  await expect(page.getByText('No projects yet')).toHaveCount(0);

  await projectLink.click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Garden shed' })).toBeVisible();
  await expect(page.getByText('Build it before winter.')).toBeVisible();
  await expect(page.getByText('No tasks yet — add the first one below.')).toBeVisible();

  for (const title of ['Buy timber', 'Pour the base', 'Paint it']) {
    await page.getByLabel('Task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await expect(page.getByLabel(`Status for ${title}`)).toHaveValue('todo');
    await expect(page.getByLabel('Task title')).toHaveValue('');
    await expect(page.getByLabel('Task title')).toBeFocused();
  }

  await page.getByLabel('Status for Buy timber').selectOption({ label: 'Done' });
  await page.getByLabel('Status for Pour the base').selectOption({ label: 'In progress' });
  await expect(page.getByRole('list', { name: 'Tasks by status' }).getByRole('listitem')).toHaveText(['1 to do', '1 in progress', '1 done']);

  // A task is deleted only once the question is answered: Cancel keeps it, with focus back on Delete.
  await page.getByRole('button', { name: 'Delete task Paint it' }).click();
  const question = page.getByRole('group', { name: 'Delete “Paint it”?' });
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Delete task Paint it' })).toBeFocused();
  await expect(page.getByLabel('Status for Paint it')).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete task Paint it' }).click();
  await question.getByRole('button', { name: 'Yes, delete task' }).click();
  await expect(page.getByLabel('Status for Paint it')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Tasks by status' }).getByRole('listitem')).toHaveText(['0 to do', '1 in progress', '1 done']);

  // What the page showed was saved: a reload reads it all back from the server.
  await page.reload();
  await expect(page.getByLabel('Status for Buy timber')).toHaveValue('done');
  await expect(page.getByLabel('Status for Pour the base')).toHaveValue('in_progress');
  await expect(page.getByLabel('Status for Paint it')).toHaveCount(0);

  await page.getByRole('button', { name: 'Edit name and description' }).click();
  await page.getByLabel('Project name').fill('Garden shed, version two');
  await page.getByLabel('Description').fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Garden shed, version two' })).toBeVisible();
  await expect(page.getByText('No description.')).toBeVisible();

  await page.getByRole('link', { name: 'All projects' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const listed = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Garden shed, version two' }) });
  await expect(listed.getByRole('list', { name: 'Tasks by status' }).getByRole('listitem')).toHaveText(['0 to do', '1 in progress', '1 done']);

  await page.getByRole('link', { name: 'Garden shed, version two' }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = page.url();
  await page.getByRole('button', { name: 'Delete project' }).click();
  await expect(page.getByText('Delete “Garden shed, version two” and all its tasks? This cannot be undone.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.getByRole('button', { name: 'Yes, delete project' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText('No projects yet — create your first one below.')).toBeVisible();

  await page.goto(projectUrl);
  await expect(page.getByRole('heading', { name: 'This project does not exist or is not yours' })).toBeVisible();
});

test('the project form refuses an empty name before calling the API', async ({ page }) => {
  await signUpThroughForm(page);
  const creates: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/projects')) creates.push(request.url());
  });
  await page.getByLabel('Project name').fill('   ');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByLabel('Project name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Project name')).toHaveAccessibleDescription(/Project name is required/);
  await page.getByLabel('Project name').fill('Named at last');
  await expect(page.getByLabel('Project name')).not.toHaveAttribute('aria-invalid');
  expect(creates).toEqual([]);
});

test('names are shown as the text typed, never as markup', async ({ page }) => {
  await signUpThroughForm(page);
  const name = '<img src=x onerror=alert(1)> <b>bold</b>';
  await page.getByLabel('Project name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.locator('main img, main b')).toHaveCount(0);
});

test("someone else's project, or an id that is no project, shows a not-found message", async ({ page }) => {
  await signUpThroughForm(page);
  await page.getByLabel('Project name').fill('Private plans');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('link', { name: 'Private plans' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Private plans' })).toBeVisible();
  const projectUrl = page.url();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  const other = newUser();
  await signUpThroughForm(page, other);
  for (const url of [projectUrl, '/projects/not-a-project']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'This project does not exist or is not yours' })).toBeVisible();
    await expect(page.getByText('Private plans')).toHaveCount(0);
  }
  await page.getByRole('link', { name: 'Back to your dashboard' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText('No projects yet — create your first one below.')).toBeVisible();
});
